// Known incidents (design.md, Incidents): a notice staff post with `公告 <范围> <内容>` answers the
// residents who report the same problem in the same place while it is active. Pure: what a notice
// covers, what a resident's words are about, and whether the two meet.
import { buildingOf } from './repeat-problems.js';

/** Problems a notice usually announces, as residents word them. */
export const PROBLEM_KINDS = ['water', 'water_quality', 'power', 'gas', 'gas_leak', 'elevator', 'heating', 'network', 'road'] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

const PROBLEM_WORDS: Record<ProblemKind, RegExp> = {
  water: /停水|没水|断水|无水|没有水|冇水|来水|供水|水压|水很小|水太小|水流小|出水小|水管爆|爆管|管爆|水龙头.{0,4}(不出水|没水)|自来水/,
  water_quality: /水黄|黄水|水发黄|水是黄|水浑|水发浑|水是浑|铁锈味|水有味/,
  power: /停电|没电|断电|无电|冇电|来电|供电|跳闸|电没了|全黑|黑灯/,
  gas: /停气|没气|没燃气|燃气停|断气|供气|打不着火|天然气停/,
  gas_leak: /煤气味|燃气味|天然气味|漏气|燃气泄漏|煤气泄漏/,
  elevator: /电梯/,
  heating: /暖气|供暖|采暖|供热|地暖/,
  network: /断网|没网|没有网|网络|宽带|网断/,
  road: /封路|修路|道路施工|路面施工|绕行/,
};

/** The problems `text` speaks of, in table order. */
export function problemsOf(text: string): ProblemKind[] {
  return PROBLEM_KINDS.filter((kind) => PROBLEM_WORDS[kind].test(text));
}

export type IncidentScope = { kind: 'all' } | { kind: 'building'; building: string } | { kind: 'area'; area: string };

const WHOLE_COMMUNITY = /^(全小区|全社区|整个小区|整个社区|全部|全体|全区|小区|社区|所有楼栋?)$/;
// Places residents name besides buildings: 东区, 北门, 二期, A区, 南苑…
const AREA_WORD = /([东南西北中][区苑门院片]|[一二三四五六七八九十\dA-Za-z]{1,3}[区期])/g;

/** A notice's 范围 as staff wrote it: the whole community, a building, or an area. */
export function scopeOf(scope: string): IncidentScope {
  const s = scope.trim();
  if (WHOLE_COMMUNITY.test(s)) return { kind: 'all' };
  const building = buildingOf(s);
  if (building) return { kind: 'building', building };
  return { kind: 'area', area: s };
}

/** How people read the scope back: `8号楼`, `东区`, `全小区`. */
export function scopeLabel(scope: IncidentScope): string {
  return scope.kind === 'all' ? '全小区' : scope.kind === 'building' ? scope.building : scope.area;
}

export interface Incident {
  /** The notice ticket's number. */
  ticketNo: number;
  community: string;
  dutyRoomId: string;
  /** As staff wrote it (`8栋`); read with scopeOf(). */
  scope: string;
  problems: ProblemKind[];
  text: string;
  status: 'active' | 'lifted';
  createdAt: Date;
  liftedAt: Date | null;
}

/**
 * Whether a resident's words report or ask about the incident: the same problem, and a place that
 * is the notice's or none at all (most people write "又停水了" without saying where). A building or
 * an area other than the notice's is the same problem elsewhere: not this incident.
 */
export function matchesIncident(incident: Pick<Incident, 'scope' | 'problems'>, text: string): boolean {
  const said = problemsOf(text);
  if (!said.some((k) => incident.problems.includes(k))) return false;
  const scope = scopeOf(incident.scope);
  if (scope.kind === 'all') return true;
  const building = buildingOf(text);
  if (scope.kind === 'building') return building === null || building === scope.building;
  const areas = [...text.matchAll(AREA_WORD)].map((m) => m[1]!);
  return areas.length === 0 || areas.some((a) => scope.area.includes(a) || a.includes(scope.area));
}
