// CI-sized chaos (a): kill -9 the bot (a child process on MariaDB) mid-burst, restart it, and
// check that every report has exactly one ticket, every acknowledgement and duty card went out
// once, and the audit trail adds up. Full size: npx tsx scripts/chaos/kill9.ts
import { describe, expect, it } from 'vitest';
import { killNineScenario } from '../../scripts/chaos/lib/scenarios.js';
import { printReport } from '../../scripts/chaos/lib/harness.js';
import { skipMariaDb } from '../support/databases.js';

describe.skipIf(skipMariaDb)('chaos: kill -9 mid-burst', () => {
  it('handles every message once after a kill -9 and a restart', async () => {
    const result = await killNineScenario({ messages: 300, kills: 1, killAt: 0.4 });
    printReport(result);
    expect(result.checks.filter((c) => !c.ok)).toEqual([]);
  }, 180_000);
});
