import { describe, expect, it } from 'vitest';
import { buildingOf, findRepeatProblems, type ReportSummary } from '../../../src/domain/repeat-problems.js';

describe('buildingOf', () => {
  it.each([
    ['8栋1单元电梯又停在18楼不动了', '8号楼'],
    ['3号楼楼道里堆了好多纸箱', '3号楼'],
    ['我们８号楼的门禁坏了', '8号楼'],
    ['十二幢楼下垃圾没人收', '12号楼'],
    ['八栋楼道灯不亮', '8号楼'],
    ['二十三号楼停水了', '23号楼'],
    ['B座电梯坏了', 'B座'],
    ['12 栋 3 单元', '12号楼'],
  ])('%s → %s', (text, building) => {
    expect(buildingOf(text)).toBe(building);
  });

  it.each(['电梯停在18楼不动了', '小区门口路灯坏了', '楼上装修太吵', 'CBD座谈会'])('%s → none', (text) => {
    expect(buildingOf(text)).toBeNull();
  });
});

describe('findRepeatProblems', () => {
  const r = (no: number, text: string, o: Partial<ReportSummary> = {}): ReportSummary => ({
    no,
    community: 'yangguang',
    category: 'property',
    groupId: 'yg-1@chatroom',
    text,
    ...o,
  });

  it('finds one category repeated in one building, across groups', () => {
    const reports = [
      r(1, '8栋电梯坏了'),
      r(2, '8号楼门禁坏了', { groupId: 'yg-2@chatroom' }),
      r(3, '八栋楼道灯不亮'),
      r(4, '8栋垃圾没人收', { category: 'sanitation' }),
      r(5, '8栋电梯又坏了', { community: 'hepingli', groupId: 'hp-1@chatroom' }),
    ];
    expect(findRepeatProblems(reports, 3)).toEqual([
      { community: 'yangguang', category: 'property', place: { kind: 'building', building: '8号楼' }, ticketNos: [1, 2, 3] },
    ]);
  });

  it('falls back to the group when the building is not named, and does not repeat a building finding', () => {
    const reports = [r(1, '电梯坏了'), r(2, '门禁坏了'), r(3, '楼道灯不亮'), r(4, '3号楼漏水'), r(5, '3号楼漏水'), r(6, '3号楼又漏水')];
    const found = findRepeatProblems(reports, 3);
    expect(found.map((p) => [p.place, p.ticketNos])).toEqual([
      [{ kind: 'building', building: '3号楼' }, [4, 5, 6]],
      [{ kind: 'group', groupId: 'yg-1@chatroom' }, [1, 2, 3, 4, 5, 6]],
    ]);
    expect(findRepeatProblems(reports.slice(3), 3).map((p) => p.place.kind)).toEqual(['building']);
  });
});
