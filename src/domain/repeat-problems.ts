// Repeat problems: the same category reported again and again in one building or one resident
// group. Buildings come from the residents' own words ("8栋1单元", "3号楼", "十二幢", "A座").

const CN_DIGITS: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一…九十九 → 1…99; null for anything else. */
function chineseNumber(s: string): number | null {
  if (!/^[零一二两三四五六七八九十]{1,3}$/.test(s)) return null;
  const ten = s.indexOf('十');
  if (ten === -1) return s.length === 1 ? CN_DIGITS[s]! : null;
  const tens = ten === 0 ? 1 : CN_DIGITS[s[0]!];
  const ones = ten === s.length - 1 ? 0 : CN_DIGITS[s[ten + 1]!];
  if (tens === undefined || ones === undefined || (ten !== 0 && ten !== 1)) return null;
  return tens * 10 + ones;
}

const FULL_WIDTH = /[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g;
const NUMBER = '(\\d{1,3}|[零一二两三四五六七八九十]{1,3})';
// "楼" alone is a floor (18楼), so a building needs 栋/幢/座 or 号楼.
const BUILDING = new RegExp(`(?:${NUMBER}\\s*号?\\s*(?:栋|幢|座)|${NUMBER}\\s*号楼|(?<![A-Za-z])([A-Za-z])\\s*(?:栋|幢|座))`);

/** The building a report names, as `8号楼` / `A座`, or null. */
export function buildingOf(text: string): string | null {
  const flat = text.replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  const m = BUILDING.exec(flat);
  if (!m) return null;
  if (m[3]) return `${m[3].toUpperCase()}座`;
  const raw = m[1] ?? m[2]!;
  const n = /^\d+$/.test(raw) ? Number(raw) : chineseNumber(raw);
  return n === null || n === 0 ? null : `${n}号楼`;
}

export interface ReportSummary {
  no: number;
  community: string;
  category: string;
  /** The resident group it came from. */
  groupId: string;
  text: string;
}

export type RepeatPlace = { kind: 'building'; building: string } | { kind: 'group'; groupId: string };

export interface RepeatProblem {
  community: string;
  category: string;
  place: RepeatPlace;
  ticketNos: number[];
}

/**
 * Groups of at least `minCount` reports of one category in one building (of one community), then
 * in one resident group; a group repeat whose reports all belong to building repeats already
 * listed adds nothing and is left out. Biggest first.
 */
export function findRepeatProblems(reports: readonly ReportSummary[], minCount: number): RepeatProblem[] {
  const byBuilding = new Map<string, RepeatProblem>();
  const byGroup = new Map<string, RepeatProblem>();
  for (const r of reports) {
    const building = buildingOf(r.text);
    if (building) {
      const key = `${r.community}\u0000${building}\u0000${r.category}`;
      const p = byBuilding.get(key) ?? { community: r.community, category: r.category, place: { kind: 'building', building }, ticketNos: [] };
      p.ticketNos.push(r.no);
      byBuilding.set(key, p);
    }
    const key = `${r.groupId}\u0000${r.category}`;
    const p = byGroup.get(key) ?? { community: r.community, category: r.category, place: { kind: 'group', groupId: r.groupId }, ticketNos: [] };
    p.ticketNos.push(r.no);
    byGroup.set(key, p);
  }
  const biggestFirst = (a: RepeatProblem, b: RepeatProblem) => b.ticketNos.length - a.ticketNos.length || a.ticketNos[0]! - b.ticketNos[0]!;
  const buildings = [...byBuilding.values()].filter((p) => p.ticketNos.length >= minCount).sort(biggestFirst);
  const covered = new Set(buildings.flatMap((p) => p.ticketNos));
  const groups = [...byGroup.values()]
    .filter((p) => p.ticketNos.length >= minCount && p.ticketNos.some((no) => !covered.has(no)))
    .sort(biggestFirst);
  for (const p of [...buildings, ...groups]) p.ticketNos.sort((a, b) => a - b);
  return [...buildings, ...groups];
}
