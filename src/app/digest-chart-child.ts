// Run by digest-chart-apart.ts as a process of its own: reads a ChartRequest (JSON) on stdin, writes
// the chart's PNG bytes to stdout and exits.
import { renderDigestChart } from './digest-chart.js';
import type { ChartRequest } from './digest-chart-apart.js';

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const { figures, names } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChartRequest;
for (const key of ['from', 'to', 'at'] as const) figures[key] = new Date(figures[key]);
const png = await renderDigestChart(figures, {
  district: names.district,
  timezone: names.timezone,
  repeatDays: names.repeatDays,
  community: (id) => names.communities[id] ?? id,
  category: (code) => names.categories[code] ?? code,
  group: (id) => id,
});
process.stdout.write(png);
