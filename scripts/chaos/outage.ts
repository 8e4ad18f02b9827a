// Chaos (b): take the database away for 30 s while messages keep coming, bring it back, check that
// every message was processed once and the bot never went down. Usage:
//   npx tsx scripts/chaos/outage.ts [--messages 2000] [--seconds 30] [--seed 7] [--keep]
//   npx tsx scripts/chaos/outage.ts --real-stop   # OPT-IN: stops and restarts the MariaDB server
//                                                   itself (disturbs everyone using it; it is
//                                                   always started again, even on failure)
// By default the outage is a TCP proxy in front of MariaDB that is cut and restored: the shared
// server is never touched.
import { args, printReport } from './lib/harness.js';
import { outageScenario } from './lib/scenarios.js';

const a = args();
const result = await outageScenario({
  messages: Number(a.messages ?? 2000),
  outageSeconds: Number(a.seconds ?? 30),
  realStop: a['real-stop'] === true,
  seed: Number(a.seed ?? 7),
  keep: a.keep === true,
  log: (line) => console.log(`  … ${line}`),
});
printReport(result);
process.exit(result.ok ? 0 : 1);
