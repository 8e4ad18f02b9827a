import { describe, expect, it } from 'vitest';
import type { SlaTable } from '../../../src/config/linli-config.js';
import { deadlinesFor, slaTier } from '../../../src/domain/sla.js';

const sla: SlaTable = {
  default: {
    urgent: { claimMinutes: 15, resolveHours: 4 },
    normal: { claimMinutes: 120, resolveHours: 72 },
  },
  categories: {
    safety: { urgent: { claimMinutes: 10, resolveHours: 2 }, normal: { claimMinutes: 60, resolveHours: 24 } },
    services: { normal: { claimMinutes: 240, resolveHours: 120 } },
  },
};
const createdAt = new Date('2025-03-01T08:00:00Z');
const at = (iso: string) => new Date(iso);

describe('deadlinesFor', () => {
  it('uses the default row for a category without overrides', () => {
    expect(deadlinesFor(sla, 'property', 'normal', createdAt)).toEqual({
      claimDueAt: at('2025-03-01T10:00:00Z'),
      dueAt: at('2025-03-04T08:00:00Z'),
    });
    expect(deadlinesFor(sla, 'property', 'urgent', createdAt)).toEqual({
      claimDueAt: at('2025-03-01T08:15:00Z'),
      dueAt: at('2025-03-01T12:00:00Z'),
    });
  });

  it('uses a category override', () => {
    expect(deadlinesFor(sla, 'safety', 'urgent', createdAt)).toEqual({
      claimDueAt: at('2025-03-01T08:10:00Z'),
      dueAt: at('2025-03-01T10:00:00Z'),
    });
  });

  it('falls back to the default for the urgency a partial row leaves out', () => {
    expect(deadlinesFor(sla, 'services', 'normal', createdAt).dueAt).toEqual(at('2025-03-06T08:00:00Z'));
    expect(deadlinesFor(sla, 'services', 'urgent', createdAt)).toEqual(deadlinesFor(sla, 'other', 'urgent', createdAt));
  });

  it('accepts fractional values', () => {
    const s: SlaTable = { ...sla, default: { ...sla.default, normal: { claimMinutes: 0.5, resolveHours: 1.5 } } };
    expect(deadlinesFor(s, 'x', 'normal', createdAt)).toEqual({
      claimDueAt: at('2025-03-01T08:00:30Z'),
      dueAt: at('2025-03-01T09:30:00Z'),
    });
  });
});

describe('slaTier', () => {
  const ticket = {
    createdAt,
    claimDueAt: at('2025-03-01T10:00:00Z'), // 120 min: yellow from 09:30
    dueAt: at('2025-03-02T08:00:00Z'), // 24 h: yellow from 2025-03-02T02:00
  };

  it('measures a new ticket against its claim deadline', () => {
    const t = { ...ticket, status: 'new' as const };
    expect(slaTier(t, at('2025-03-01T09:29:59Z'))).toBe('blue');
    expect(slaTier(t, at('2025-03-01T09:30:00Z'))).toBe('yellow');
    expect(slaTier(t, at('2025-03-01T10:00:00Z'))).toBe('yellow');
    expect(slaTier(t, at('2025-03-01T10:00:01Z'))).toBe('red');
  });

  it('measures a claimed ticket against its resolve deadline', () => {
    const t = { ...ticket, status: 'claimed' as const };
    expect(slaTier(t, at('2025-03-01T10:30:00Z'))).toBe('blue');
    expect(slaTier(t, at('2025-03-02T02:00:00Z'))).toBe('yellow');
    expect(slaTier(t, at('2025-03-02T08:00:01Z'))).toBe('red');
  });

  it('is null for tickets nobody has to work on', () => {
    for (const status of ['resolved', 'closed', 'rejected', 'merged'] as const) {
      expect(slaTier({ ...ticket, status }, at('2025-04-01T00:00:00Z'))).toBeNull();
    }
  });
});
