// CI-sized chaos (b): the database goes away for 30 s (a TCP proxy in front of MariaDB is cut,
// so the shared server is not touched) while messages keep coming; the bot stays up, says
// degraded, and afterwards has handled every message once.
// Full size: npx tsx scripts/chaos/outage.ts (add --real-stop to stop MariaDB itself).
import { describe, expect, it } from 'vitest';
import { outageScenario } from '../../scripts/chaos/lib/scenarios.js';
import { printReport } from '../../scripts/chaos/lib/harness.js';
import { skipMariaDb } from '../support/databases.js';

const OUTAGE_SECONDS = Number(process.env.LINLI_CHAOS_OUTAGE_SECONDS ?? 30);

describe.skipIf(skipMariaDb)('chaos: database outage', () => {
  it(`rides out a ${OUTAGE_SECONDS} s database outage and handles every message once`, async () => {
    const result = await outageScenario({ messages: 240, outageSeconds: OUTAGE_SECONDS });
    printReport(result);
    expect(result.checks.filter((c) => !c.ok)).toEqual([]);
  }, 240_000);
});
