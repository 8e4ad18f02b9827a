// Chaos (c): deliver a whole burst twice with the same message ids, then once more to a restarted
// bot; nothing may double. Usage:
//   npx tsx scripts/chaos/replay.ts [--messages 2000] [--seed 7] [--keep]
import { args, printReport } from './lib/harness.js';
import { replayScenario } from './lib/scenarios.js';

const a = args();
const result = await replayScenario({
  messages: Number(a.messages ?? 2000),
  seed: Number(a.seed ?? 7),
  keep: a.keep === true,
  log: (line) => console.log(`  … ${line}`),
});
printReport(result);
process.exit(result.ok ? 0 : 1);
