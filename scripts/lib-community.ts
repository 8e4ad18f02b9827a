// Which groups of a corpus belong to one community. Live intake reads the open tickets of the
// whole community (every resident group bound to it), so a neighbour in "幸福里2群" writing about
// the lift reported in "幸福里1群" joins that report. A corpus in the dev.jsonl format names groups
// only; their names say which estate they serve: "锦江桂花苑邻里牵手1群" and "桂花苑二期业主交流群"
// are both 桂花苑, "海珠榕荫花园A区街坊群" and "榕荫花园B区街坊群" both 榕荫花园.
//
// Rule: strip the words every group name has (邻里牵手, 业主, 街坊, 群, 小区…), then two groups are one
// community when what is left shares a run of three or more Chinese characters, or is the same
// name of two ("金山小区二期业主群", "金山小区厝边群"), or their Latin names share a word of four letters
// or more. Two shared characters alone are not enough: 花园, 家园, 新村 are in many estates' names.
const GENERIC =
  /邻里牵手|邻里守望|邻里互助|邻里一家亲|邻里|牵手|守望|互助|一家亲|业主交流|业主|交流|街坊|居民|住户|老年大学|老年活动|老年|宝妈|志愿者|业委会|厝边|小区|社区|[一二三四五六七八九十\d]+期|[A-Za-z东西南北]区|\d+(?:-\d+)?(?:栋|幢|号楼)|群|neighbou?rs?|residents?|owners?|friends?|group|garden|intl|expats/gi;
const RUN = 3;

function core(name: string): { han: string[]; latin: Set<string> } {
  const stripped = name.replace(GENERIC, '|');
  const han = stripped.split(/[^\p{Script=Han}]+/u).filter((s) => s.length >= 2);
  const latin = new Set((stripped.toLowerCase().match(/[a-z]{4,}/g) ?? []));
  return { han, latin };
}

function shareRun(a: string[], b: string[]): boolean {
  if (a.some((x) => b.includes(x))) return true;
  for (const x of a) {
    for (let i = 0; i + RUN <= x.length; i++) {
      const piece = x.slice(i, i + RUN);
      if (b.some((y) => y.includes(piece))) return true;
    }
  }
  return false;
}

/** Group name → community key (the first group name of its community, in the order given). */
export function communitiesOf(groups: readonly string[]): Map<string, string> {
  const names = [...new Set(groups)];
  const cores = names.map(core);
  const parent = names.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const a = cores[i]!;
      const b = cores[j]!;
      if (shareRun(a.han, b.han) || [...a.latin].some((w) => b.latin.has(w))) parent[find(j)] = find(i);
    }
  }
  return new Map(names.map((n, i) => [n, names[find(i)]!]));
}
