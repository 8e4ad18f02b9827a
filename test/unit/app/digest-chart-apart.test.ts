// The digest chart drawn in a child process (digest-chart-apart.ts): the same picture as drawn in the
// bot's own process, and a failure that says why (the digest then goes out as text alone).
import { describe, expect, it } from 'vitest';
import { renderDigestChart } from '../../../src/app/digest-chart.js';
import { renderDigestChartApart } from '../../../src/app/digest-chart-apart.js';
import type { DigestNames } from '../../../src/app/digest-text.js';
import type { DigestFigures } from '../../../src/domain/digest-model.js';

const figures = {
  kind: 'daily',
  periodKey: '2026-11-23',
  from: new Date('2026-11-22T16:00:00Z'),
  to: new Date('2026-11-23T16:00:00Z'),
  at: new Date('2026-11-23T13:00:00Z'),
  period: { created: 12, resolved: 9, claimed: 10, claimedOnTime: 8, resolvedOnTime: 7, rated: 3, satisfied: 2 },
  trailing: null,
  totals: { open: 5, overdue: 1 },
  breakdown: [
    { community: 'c1', category: 'property', created: 5, resolved: 4, open: 2, overdue: 1 },
    { community: 'c2', category: 'municipal', created: 7, resolved: 5, open: 3, overdue: 0 },
  ],
  mostOverdue: [],
  repeats: [],
} as unknown as DigestFigures;
const names: DigestNames = {
  district: '示范街道',
  timezone: 'Asia/Shanghai',
  repeatDays: 7,
  community: (id) => ({ c1: '阳光社区', c2: '幸福社区' })[id] ?? id,
  category: (code) => ({ property: '物业', municipal: '市政' })[code] ?? code,
  group: (id) => id,
};

describe('renderDigestChartApart', () => {
  it('draws in a child process the same picture as the bot would in its own', async () => {
    const apart = await renderDigestChartApart(figures, names);
    expect(apart.subarray(1, 4).toString()).toBe('PNG');
    expect(apart.equals(await renderDigestChart(figures, names))).toBe(true);
  });

  it('rejects, saying why, when the child cannot draw', async () => {
    const broken = { ...figures, period: null } as unknown as DigestFigures;
    await expect(renderDigestChartApart(broken, names)).rejects.toThrow(/digest chart process ended with code 1: [\s\S]*TypeError/);
  });
});
