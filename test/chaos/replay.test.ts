// CI-sized chaos (c): the same burst delivered twice (same ids), then again to a restarted bot.
// Full size: npx tsx scripts/chaos/replay.ts
import { describe, expect, it } from 'vitest';
import { replayScenario } from '../../scripts/chaos/lib/scenarios.js';
import { printReport } from '../../scripts/chaos/lib/harness.js';
import { skipMariaDb } from '../support/databases.js';

describe.skipIf(skipMariaDb)('chaos: replayed burst', () => {
  it('changes nothing when a burst is delivered again', async () => {
    const result = await replayScenario({ messages: 200 });
    printReport(result);
    expect(result.checks.filter((c) => !c.ok)).toEqual([]);
  }, 180_000);
});
