import { describe, expect, it } from 'vitest';
import { matchesIncident, problemsOf, scopeOf } from '../../../src/domain/incident.js';

const notice = (scope: string, text: string) => ({ scope, problems: problemsOf(text) });

describe('known incidents: what a notice covers', () => {
  it('reads the problem from the notice and from residents in their own words', () => {
    expect(problemsOf('停水 预计18:00恢复')).toEqual(['water']);
    expect(problemsOf('整栋楼都黑了 跳闸了吧')).toEqual(['power']);
    expect(problemsOf('水龙头一点都不出水')).toEqual(['water']);
    expect(problemsOf('楼道里煤气味很重')).toEqual(['gas_leak']);
    expect(problemsOf('今天天气不错')).toEqual([]);
  });

  it('reads the scope: a building however written, an area, or the whole community', () => {
    expect(scopeOf('8栋')).toEqual({ kind: 'building', building: '8号楼' });
    expect(scopeOf('八号楼')).toEqual({ kind: 'building', building: '8号楼' });
    expect(scopeOf('全小区')).toEqual({ kind: 'all' });
    expect(scopeOf('东区')).toEqual({ kind: 'area', area: '东区' });
  });

  it('matches the same problem in the same place, or where the resident names no place', () => {
    const water8 = notice('8栋', '停水 预计18:00恢复');
    expect(matchesIncident(water8, '8号楼怎么又没水了')).toBe(true);
    expect(matchesIncident(water8, '八栋停水了吗？什么时候来水')).toBe(true);
    expect(matchesIncident(water8, '家里突然停水了')).toBe(true);
  });

  it('does not match the same problem elsewhere, or another problem in the same place', () => {
    const water8 = notice('8栋', '停水 预计18:00恢复');
    expect(matchesIncident(water8, '9栋也停水了')).toBe(false);
    expect(matchesIncident(water8, '8栋停电了')).toBe(false);
    expect(matchesIncident(water8, '8栋楼道灯坏了')).toBe(false);
    const east = notice('东区', '停电抢修中');
    expect(matchesIncident(east, '东区又没电了')).toBe(true);
    expect(matchesIncident(east, '西区也停电了')).toBe(false);
    const all = notice('全小区', '停水');
    expect(matchesIncident(all, '12栋没水了')).toBe(true);
    expect(matchesIncident(notice('全小区', '明天上午消防演练'), '12栋没水了')).toBe(false);
  });
});
