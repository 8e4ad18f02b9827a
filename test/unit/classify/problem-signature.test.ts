// What a report is about, as conversation understanding compares two reports: the words that name a
// problem must name that problem, not a word that happens to contain it.
import { describe, expect, it } from 'vitest';
import { mentionsProblemOver, problemSignature, sharedTopics } from '../../../src/classify/problem-signature.js';

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

describe('problem topics, round 10', () => {
  it.each([
    // a lift called 梯/梯子, as in Jiangxi and Hunan
    ['我刚从11楼走下来的 腿都软了 梯子还是一动不动', ['lift']],
    ['下午三点了，二单元那部梯子还是黑屏', ['lift']],
    // no water said without the word "water"
    ['龙头一拧就咕噜咕噜响 一滴都不出', ['water_out']],
    // black water at the door is the drain
    ['刚下楼 一楼门口全是黑水', ['drain']],
    // someone down in the street
    ['菜市场门口有个阿伯倒在地上', ['person']],
  ])('%s → %j', (text, expected) => {
    expect(topics(text)).toEqual(expect.arrayContaining(expected));
  });

  it('a ladder, the stairs or a stair path is no lift', () => {
    expect(topics('后门那截梯坎的灯又不亮了')).not.toContain('lift');
    expect(topics('楼梯扶手松了 一推就晃')).not.toContain('lift');
    expect(topics('谁家梯子借我用用 要换灯泡')).not.toContain('lift');
  });

  it('"水退了" ends a flood', () => {
    expect(mentionsProblemOver('下午水退了 物业来把下水道掏开了')).toBe(true);
    expect(mentionsProblemOver('大门口水退了没有 我一会还要出门')).toBe(false);
  });
});

describe('problem topics, round 11', () => {
  it('a door named as where something is, is not a door problem', () => {
    expect(topics('小区大门外那个陡坡没人撒融雪剂 冰溜滑')).not.toContain('door');
    expect(topics('楼梯底下堆了一大堆纸壳子 都顶到单元门了')).not.toContain('door');
    expect(topics('单元门口堆满了纸箱')).not.toContain('door');
    expect(topics('是的 我刚进单元门也闻到了 有点淡')).not.toContain('door');
    // The door itself still is.
    expect(topics('单元门坏了 关不上')).toEqual(['door']);
    expect(topics('小区大门的门禁刷不开')).toEqual(['door']);
  });

  it.each([
    // cars filling a pavement are parking, not only the road
    ['小区外面丰山路人行道上也停满了车', ['parking']],
    // insulation peeling off an outer wall is the structure
    ['外墙六楼那块保温层都翘起来了 风一刮呼扇呼扇的', ['structure']],
    // how fast it drips is the leak; drilling on and on is the renovation
    ['滴得还挺快 已经接了一盆了', ['leak']],
    ['今天停水他们也在钻 钻到现在', ['renovation']],
    // a lift that "does not go", or asked after ("啥时候能好")
    ['物业的 5号楼2单元电梯不走了', ['lift']],
    ['电梯啥时候能好啊 买的菜提不上去', ['lift']],
    // stalls set up again, a bar singing till two, a road turned into a river
    ['北门那边现在又摆起来了 卖水果的卖炸串的一排', ['vendor']],
    ['隔壁那家酒吧天天唱到两点', ['noise']],
    ['北门外那段路 一下雨又成河了 水没到脚脖子', ['flood']],
    // asking whether it is fixed is not saying so
    ['东门道闸今天可修好了啊？昨晚回来还是人工登记的', ['door']],
  ])('%s → %j', (text, expected) => {
    expect(topics(text)).toEqual(expect.arrayContaining(expected));
  });

  it('an unanswered door of a flat nobody is home in is no person in trouble', () => {
    expect(topics('楼上那家白天没人 敲门没人应 怎么办啊')).not.toContain('person');
    expect(topics('对门老太太一个人住 两天没见她出屋了 敲门也没人应')).toContain('person');
  });
});

describe('problem topics, round 11, what a word is not', () => {
  it('gas leaking is no water leak; rubbish frozen solid is no cold flat', () => {
    expect(topics('9号楼2单元一进楼道好大一股煤气味 谁家漏气了')).toEqual(['gas_smell']);
    expect(topics('垃圾箱那冻得满满的 三天没拉走了 都冻成一坨了')).toEqual(['rubbish']);
    // A cold flat, a cold child: still the heating.
    expect(topics('屋里冻得穿棉袄')).toEqual(['heating']);
    expect(topics('孩子冻得直哆嗦')).toEqual(['heating']);
  });

  it('a lift whose button will not light is the lift, not a lamp; "电梯还没好" is the lift still broken', () => {
    expect(topics('8号楼电梯是不是又罢工了 从早上就按不亮')).toEqual(['lift']);
    expect(topics('晚上七点半了 电梯还没好 厂家到底来没来')).toEqual(['lift']);
  });

  it('a card "frozen" until money is moved is a scam', () => {
    expect(topics('有人打电话说我医保卡被冻结了要转钱解冻')).toContain('scam');
  });
});

describe('problem topics, round 12', () => {
  it.each([
    ['中午放学回来东头那部梯还趴着呢', ['lift']],
    ['那边3号楼电还没来啊？', ['power_out']],
    ['这都四个多钟头了 楼里还是黑的 冰箱里肉都化了', ['power_out']],
    ['南门外那截路到今儿还是黑咕隆咚的', ['light']],
    ['坏了坏了 2号楼1门地下室跑水了 哗哗的', ['flood']],
    ['我家在2单元三楼 门口也漫上水了', ['flood']],
    ['早上报咗到而家都未嚟电啊', ['power_out']],
    ['韦工 4栋电梯按钮又不亮了 门开了关关了开', ['lift']],
    // (屋里 reads as 家里 once normalised: the temperature indoors is the heating either way)
    ['屋里才十三度 孩子裹着被子写作业呢', ['heating']],
    ['都十二点半了 我家还是拔凉拔凉的', ['heating']],
    ['刚要给孩子冲奶粉 水管子干的 就滋了两下', ['water_out']],
    ['9号楼门口那几个桶还没人拉', ['rubbish']],
    ['北门那个大窟窿还敞着呢 就拿个破筐扣着', ['manhole']],
    ['中午了 北门出去那截儿还是一片汪洋', ['flood']],
    ['就在7号楼和8号楼中间 已经见血了 劝不住', ['fight']],
    ['晚上九点了 楼梯口那车又在那充着', ['ebike']],
    ['我早上送孩子走那看见了 土哗哗往下掉', ['structure']],
    ['8号楼后头那辆白车还没挪', ['parking']],
    ['南门出去水好深 差点熄火', ['flood']],
    ['9号楼二单元五楼东户 厨房着了', ['fire']],
    ['二单元梯子门开着就是不走', ['lift']],
  ])('%s → %j', (text, expected) => {
    expect(topics(text)).toEqual(expected);
  });
});

describe('round 13', () => {
  it('"有没有水质检测报告" asks about the water\'s quality, not about a cut', () => {
    expect(topics('这个水箱多久洗一次 有没有水质检测报告')).not.toContain('water_out');
    expect(topics('3栋没水了 一滴都没有')).toContain('water_out');
  });

  it.each(['我家也是，牙都没刷成就出门了', '娃要上学脸都冇洗', '17楼 厕所都冲不了'])('"%s" is what a water cut does', (text) => {
    expect(topics(text)).toContain('water_out');
  });
});

describe('round 16', () => {
  it('"那根路灯" names a lamp, not a street called 那根路; "人民路口" still names 人民路', () => {
    expect(problemSignature('3幢门口那根路灯两天弗亮了').places.has('street')).toBe(false);
    expect([...(problemSignature('人民路口那个灯坏了').places.get('street') ?? [])]).toEqual(['人民路']);
  });

  it('a lamp that is "暗" is a lamp out', () => {
    expect(topics('楼梯口那只灯还是暗个')).toContain('light');
  });

  it('"好大烟" is a fire and a smashed flowerpot on the ground something thrown; a smell of cigarettes is neither', () => {
    expect(topics('车棚那边好大烟 窗户关上都闻得到')).toContain('fire');
    expect(topics('楼下又是一个碎花盆 土撒了一地')).toContain('throw');
    expect(topics('他在楼道抽烟 烟头乱丢')).not.toContain('fire');
  });

  it('where the writer stands to look is not where the trouble is', () => {
    const seen = problemSignature('我在3号楼阳台上看见5号楼2单元有人往外跑');
    expect([...(seen.places.get('building') ?? [])]).toEqual(['5']);
    expect([...(problemSignature('我在3号楼看见电梯又坏了').places.get('building') ?? [])]).toEqual(['3']);
  });

  it('a condition inside a clause ends what it reports', () => {
    expect(topics('楼梯口纸箱子堆成山了 这么多纸壳子万一着火咋办')).not.toContain('fire');
    expect(topics('楼道电动车着火了 万一烧到楼上咋办')).toContain('fire');
  });
});

describe('round 17', () => {
  it('a lift still out in dialect, and a KTV still singing, name their problems (round 21)', () => {
    expect([...problemSignature('都九点了 电梯还冇好 今晚又要爬楼').topics]).toEqual(['lift']);
    expect([...problemSignature('一点了 楼下还在唱').topics]).toEqual(['noise']);
    expect([...problemSignature('对面那家KTV天天闹到两点').topics]).toContain('noise');
  });

  it('"那截路" and "这一段路" point at a road already named; they are no street of that name (round 21)', () => {
    expect(problemSignature('+1 那截路晚上太黑了').places.has('street')).toBe(false);
    expect(problemSignature('这一段路坑坑洼洼的').places.has('street')).toBe(false);
    expect([...(problemSignature('那段中山路晚上太黑了').places.get('street') ?? [])]).toEqual(['中山路']);
  });

  it('"老人家走路怕绊倒" and "修路" name no street', () => {
    expect(problemSignature('巷子尾那盏路灯坏了 老人家走路怕绊倒').places.has('street')).toBe(false);
    expect(problemSignature('门口修路修了三个月 灰大得很').places.has('street')).toBe(false);
    expect(problemSignature('中山路口的井盖没了').places.get('street')).toEqual(new Set(['中山路']));
  });
});

describe('round 18', () => {
  it('a smell "like gas" is the gas smell, and tiles come off in either order', () => {
    expect(topics('2单元五楼那里有股味道 闻着像天然气')).toContain('gas_smell');
    expect(topics('8号楼门口又掉瓷砖了')).toContain('structure');
    expect(topics('楼道里有股味道 像是谁家烧菜糊了')).not.toContain('gas_smell');
    expect(topics('南门那根灯杆今晚一闪一闪的')).toContain('street_light');
  });
});

describe('round 24', () => {
  it('"猫着腰钻" and a rat "跟猫似的" name no animal; a cat on the stairs does', () => {
    expect(topics('卷帘门又卡住了 就开了一半 骑电动车得猫着腰钻')).not.toContain('animal');
    expect(topics('垃圾池那边老鼠好多 大的跟小猫似的')).not.toContain('animal');
    expect(topics('楼道里谁家的猫一直在叫')).toContain('animal');
  });
});
