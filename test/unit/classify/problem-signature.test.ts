// What a report is about, as conversation understanding compares two reports: the words that name a
// problem must name that problem, not a word that happens to contain it.
import { describe, expect, it } from 'vitest';
import { problemSignature, sharedTopics } from '../../../src/classify/problem-signature.js';

const topics = (text: string) => [...problemSignature(text).topics].sort();

describe('problem topics, round 9', () => {
  it.each([
    // "一滴水都没有" is no water, not a drip
    ['9栋一滴水都没有了 拧开龙头光冒气', ['water_out']],
    // wind blowing in at a door that will not shut is no flood
    ['单元门关不上 冷风呼呼往里灌', ['door']],
    // a lift's buttons that do not light up are not a lamp
    ['电梯停在7楼 按钮都不亮', ['lift']],
    // water marks on a wall are a leak's trace, not a flood
    ['下雨屋顶往下渗 墙上全是水印子', ['leak']],
    // a floor drain (地漏) backing up is a drain, not a leak
    ['污水从地漏往上冒', ['drain']],
    // a gas smell said the long way round
    ['楼下怎么一股液化气的味道', ['gas_smell']],
  ])('%s → %j', (text, expected) => {
    expect(topics(text)).toEqual(expected);
  });

  it('still reads a leak, a flood and a dark stairwell', () => {
    expect(topics('楼上卫生间一直在滴水')).toEqual(['leak']);
    expect(topics('雨水往里灌 一楼全是水')).toEqual(['flood']);
    expect(topics('三楼到五楼都不亮 黑咕隆咚')).toEqual(['light']);
  });

  it('an e-bike named beside two different troubles is no common problem', () => {
    const stall = problemSignature('东门又有人摆摊卖菜 电瓶车都过不去');
    const theft = problemSignature('我停车棚的电瓶车昨晚被偷了');
    expect(sharedTopics(stall, theft)).toEqual([]);
    // Two reports about e-bikes charging in a stairwell are one.
    expect(sharedTopics(problemSignature('楼道里又有电瓶车在充电'), problemSignature('3栋楼道电动车还在充'))).toEqual(['ebike']);
  });
});
