// Not a test: `npx tsx scripts/render-sample-chart.ts out.png` draws a digest chart from made-up tickets, to look at.
import { writeFileSync } from 'node:fs';
import { createMemoryStore } from '../test/support/fakes/memory-store.js';
import { digestFigures, digestNames } from '../src/app/digest.js';
import { digestText } from '../src/app/digest-text.js';
import { renderDigestChart } from '../src/app/digest-chart.js';
import { MONDAY_0900, TestClock, minutes, openTicket, testContext } from '../test/support/jobs-fixture.js';

const clock = new TestClock(MONDAY_0900);
const ctx = testContext(createMemoryStore(), clock);
const cats = ['property', 'municipal', 'sanitation', 'dispute', 'safety', 'services'];
for (let i = 0; i < 40; i++) {
  await openTicket(ctx, { createdAt: minutes(MONDAY_0900, i * 17), category: cats[i % cats.length], community: i % 3 ? 'yangguang' : 'hepingli', text: `${(i % 4) + 1}号楼 问题 ${i}` });
}
const f = await digestFigures(ctx, 'daily', minutes(MONDAY_0900, 12 * 60));
console.log(digestText(f, digestNames(ctx)));
writeFileSync(process.argv[2] ?? 'digest-chart.png', await renderDigestChart(f, digestNames(ctx)));
