// Chaos (a): kill -9 the bot in the middle of a burst of messages, restart it, check that
// everything happened exactly once. Usage:
//   npx tsx scripts/chaos/kill9.ts [--messages 3000] [--kills 1] [--kill-at 0.4] [--seed 7] [--keep]
// Needs MariaDB at 127.0.0.1:3306 (or LINLI_TEST_MARIADB_URL); creates and drops its own database.
import { args, printReport } from './lib/harness.js';
import { killNineScenario } from './lib/scenarios.js';

const a = args();
const result = await killNineScenario({
  messages: Number(a.messages ?? 3000),
  kills: Number(a.kills ?? 1),
  killAt: Number(a['kill-at'] ?? 0.4),
  seed: Number(a.seed ?? 7),
  keep: a.keep === true,
  log: (line) => console.log(`  … ${line}`),
});
printReport(result);
process.exit(result.ok ? 0 : 1);
