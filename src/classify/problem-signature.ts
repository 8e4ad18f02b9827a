// What a report is about, in two parts that conversation understanding compares: the problem
// (lift, water outage, leak, rubbish…) and the place (3号楼, 2单元, 东门, 1号梯, 三巷12号). Two
// reports are the same real-world problem when they share a problem and name no different places;
// "3号楼电梯坏了" and "3号楼楼道灯坏了" share a building, not a problem. Read from normalised text,
// so dialect and traditional spellings meet the same words.
import { CONDITION_WORDS } from './keyword-rules.js';
import { normalizeText } from './normalize-text.js';

/** Problem topics, each a pattern over normalised text. Order does not matter. */
const TOPICS: Record<string, RegExp> = {
  // The lift not working, not just a lift named ("电梯里有股尿骚味" is a smell).
  lift: /(?:没得?|冇得?|没有)电梯|电梯(?:.{0,8}|[^，。！？,.!?\s]{9,16})(?:坏|停|不动|不走|罢工|趴窝|关人|关[了着咗]人|关到|困|卡|故障|异响|响|抖|晃|掉|冲顶|开不|不开|不关|关不|不能用|停运|维修|修|急停|报警)|电梯.{0,4}(?:还是|老样子|依旧|仍然|还(?:没|莫|冇|木|未)(?:修)?好|(?:没|莫|冇|木)修好)|(?:又要|又得|只能|只好)爬楼|电梯[^，。！？,.!?\s]{0,4}(?:按钮|按键)[^，。！？,.!?\s]{0,3}(?:不亮|没反应|失灵)|电梯.{0,2}(?:啥时候|什么时候|几时|多久|何时)(?:能|才能|才)?(?:好|修好|恢复|能用|能坐)|困梯|轿厢|电梯井|又是(?:爬|走楼梯)(?:上去|下来|上来|下去)|(?:那台|那部|这台|这部|梯子)[^，。！？,.!?\s]{0,6}(?:不动弹|不走|慢得|不下来|冒下来|不上来)|电梯.{0,8}(?:不能坐|坐不了|没法坐|不敢坐|停用)|(?<!管道|电缆|水表)井道|扶梯.{0,4}(?:坏|停)|梯.{0,2}(?:坏|停|不动|关人|困|卡)|梯.{0,3}趴(?:着|那|了|窝)|(?<![楼扶云爬竹木铝人电步])梯子?[^，。！？,.!?\s]{0,4}(?:用不了|一动不动|黑屏|不走)/,
  water_out: /(?:水管子?|龙头)[^，。！？,.!?\s]{0,4}(?:干的|干了|干着|干巴)|一滴水都|一点水都|一滴都(?:不出|放不出|冇|没)|停水|(?<!有)没水(?![质平准])|(?:牙|脸)[^，。！？,.!?\s]{0,2}(?:没|冇|莫)(?:得|法)?(?:刷|洗)|(?:刷牙|洗脸)都(?:没|冇|莫)|厕所都冲不|断水|无水|水压|来水|水(?:还是|还|都|咋|怎么|么样)?(?:没|冇|莫|不|未|呒没)(?:有|得)?来(?![^，。！？,.!?\s]{0,2}(?:过|的|得))|出不来水|不出水|水停|供水|水(?:很|太|特别)?小|储水|冲凉|出水.{0,3}(?:细|小)/,
  water_quality: /水黄|黄水|水(?:是|发|有点)?黄|水.{0,8}(?:还是|都是|也是|还|都)黄|黄汤|锈水|铁锈|浑水|水浑|水质|漂白|水有(?:股)?味/,
  hot_water: /热水|温吞水/,
  power_out: /停电(?!梯)|(?<!手机[^，。！？,.!?\s]{0,3})没电(?!梯|视|脑|瓶|动车|池)|嚟电|电(?:还|仍|都)?(?:没|冇|未)来|(?:楼里|屋里|家里|屋头|整栋|全楼)(?:还是|还|全|都)?黑(?:的|着|乎乎|漆漆|咕隆咚)|断电|未有电|无电|跳闸|来电|全黑|黑了|电闸|供电|停了电/,
  gas_out: /停气|没气|没燃气|打不着火|燃气停|开不了火/,
  gas_smell: /(?:煤气|燃气|天然气|液化气)的?味|漏气|泄漏|(?:燃气|煤气|天然气)管?.{0,3}漏|(?:味道?|闻着|闻到)[^，。！？,.!?]{0,4}像(?:煤气|燃气|天然气|天燃气|液化气)/,
  // Smoke from a fire, not cooking fumes or someone's cigarette (油烟, 抽烟).
  fire: /(?:厨房|屋里|家里|车|电瓶|房子)[^，。！？,.!?\s]{0,3}着了|(?<!不|[热气急晒][得的](?:要|快)?)着火|失火|起火|火灾|(?<![热气急晒][得的](?:要|快)?)冒烟|浓烟|黑烟|烟雾(?!缭绕)|焦味|焦糊|烧焦|糊巴味|烧.{0,2}(?:塑料|胶|电线)|糊味|火苗|火花|有烟|烟(?:好|很|太|特别)?大|(?<![油抽吸香])烟.{0,3}(?:飘|冒|进|熏|呛|上来|窜)|(?:好大|好多|好浓|浓|黑|全是|都是|满是)的?烟(?![味头瘾囱筒花])/,
  // Something of the building about to come down ("楼顶的水塔好像歪了", "外墙瓷砖松了").
  structure: /(?:土|石头|泥巴?)[^，。！？,.!?\s]{0,4}往下(?:掉|滑|冲)|(?:水塔|广告牌|招牌|外墙|墙皮|瓷砖|围墙|堡坎|挡土墙|护坡|雨棚|空调外机|防盗网|脚手架|保温层|保温板)[^，。！？,.!?\s]{0,6}(?:歪|倒|裂|掉|脱落|塌|晃|松|翘|鼓)|(?:掉|落)(?:了)?(?:瓷砖|墙皮|外墙)/,
  leak: /漏水|渗水|往下渗|渗漏|渗进|(?<!一)滴水|漏到|漏下|爆管|水管(?:爆|裂|破)|往下滴|渗到|渗下|(?<!地)漏(?![气电])|呲水|滋水|喷水|滴滴答答|滴答|往下淌|在滴|还在滴|也滴|一直滴|(?:漏|滴|渗|呲|滋)得|水管.{0,5}(?:爆|裂|破)|(?:往外|往下|一直|哗哗)淌水/,
  flood: /进水|跑水|一片汪洋|水(?:好|很|太|老|特别)深|漫上水|漫了水|淹|全是水(?![印渍迹])|都是水(?![印渍迹])|一地水|满地水|水淹|淹了|淹着|淹住|(?<!风[^，。！？,.!?\s]{0,4})往里灌|(?<!风[^，。！？,.!?\s]{0,4})灌进|水.{0,3}(?:没排|排不出|退不下|没退|还没抽)|水漫|(?<=[水雨汤][^。！？!?]{0,12})漫到|漫到(?=[^，。！？,.!?\s]{0,3}(?:屋|家|客厅|卧室|厨房|房间|门|楼道|脚|膝|腿|腰|床|车|地下|储藏))|积水|积.{0,4}水|返水|倒灌|泡了|水.{0,4}流到|成瀑布|水浸|浸到|成了?(?:一条)?河|(?:水)?没(?:到|过)(?:脚|膝|小腿|大腿|腰)|(?:地上|地面|地下|门口|楼道|走廊)[^，。！？,.!?\s]{0,3}(?:湿|是水|有水|全湿)/,
  // Heating not working (not "修暖气管道挖开了马路").
  heating: /暖气(?:片)?.{0,8}(?:不热|凉|冷|温|没|停|漏|坏|放气|响)|暖气.{0,12}(?:才|只有|就)[\d一二三四五六七八九十]+度|(?:屋里|家里|屋子里|屋头|房间|室内)(?:温度)?(?:才|只有|就|只)[\d一二三四五六七八九十]+度|(?:家里|我家|屋里|房间|屋头)[^，。！？,.!?\s]{0,4}(?:拔凉|冰凉|冰冷|凉飕飕|冷飕飕)|(?<![天风水])(?:也|都|又|还是)又?(?:冰凉|拔凉|凉)(?:了|的|着|飕飕)?(?![快爽])|不热|放气|供暖|采暖|停暖|断暖|暖气停|地暖.{0,4}(?:不热|坏)|(?:家里|屋里|屋头|房间|室内|卧室|客厅|家|人|我|孩子|老人|娃|俺|额|手|脚)[^，。！？,.!?\s]{0,4}冻得|冻得(?:睡不着|受不了|发抖|直哆嗦|穿棉袄|手脚冰凉|感冒)/,
  street_light: /路灯|灯杆/,
  // (A lift's buttons or a screen that do not light up are not a lamp.)
  light: /楼道灯|声控灯|感应灯|应急灯|灯泡|灯管|灯.{0,5}(?:不亮|坏|憋|瞎|闪|暗)|灯[^，。！？,.!?\s]{0,5}黑|(?<!(?:按钮|按键|屏幕?|显示屏?|数字|指示)[^，。！？,.!?\s]{0,2}|按)不亮|黑灯|(?:路|道|门口|院里|外头|外面)[^，。！？,.!?\s]{0,8}黑(?:咕隆咚|乎乎|漆漆|黢黢|灯瞎火|麻麻)/,
  // The door as the problem, not as where something is ("大门外那个陡坡", "堆到单元门了", "单元门口").
  door: /门禁|(?<![到在至近靠进出过])(?:单元门|大门)(?![口外前后旁边里内附对那这上下])|对讲|道闸|刷卡|人脸|门(?:关不上|锁坏|打不开)/,
  rubbish: /垃圾|清运|桶满|桶[^，。！？,.!?\s]{0,4}(?:没人拉|没拉|没人收|没收|满了|溢)/,
  pests: /鼠|耗子|蟑螂|小强|曱甴|蚊子|苍蝇|蛆|白蚁|虫|跳蚤/,
  smell: /臭|异味|尿骚|骚味|霉味/,
  // (堵 alone is a road or a door blocked as often as a drain: only a pipe, a toilet or a gully is one.)
  drain: /下水道|化粪池|污水|(?:下水|马桶|厕所|公厕|管|渠|沟|水道|地漏|池|井)[^，。！？,.!?\s]{0,4}(?:堵|塞)|堵塞|马桶|管道|黑水|反水|下水.{0,3}(?:慢|不畅|不通)|返味/,
  // A manhole cover loose, lifted or gone: not the drain under it being blocked.
  // (A hole someone has put a basket or a tyre over is a manhole whose cover is gone.)
  manhole: /井盖|窨井|沙井|(?:窟窿|坑|洞)[^，。！？,.!?]{0,10}(?:筐|轮胎|纸箱|木板)|(?:筐|轮胎|纸箱|木板)[^，。！？,.!?]{0,6}(?:扣着|盖着)/,
  // Building work in a flat: one renovation, heard by the whole building.
  renovation: /装修|电钻|敲墙|砸墙|打墙|拆墙|冲击钻|在钻|钻到|钻个不停|还在敲|敲敲打打|叮叮当当|叮叮咚咚/,
  noise: /噪音|吵|扰民|装修|电钻|广场舞|喇叭|打桩|唱到|唱歌|(?:还在|又在|又开始)唱|低音炮|KTV|ktv|(?:在|还在)吼|唱K|K歌|卡拉OK|音响|蹦迪|叫得|叫了|狗叫|咚咚|响|叫一?整?(?:夜|晚|宿)/,
  animal: /狗|犬|藏獒|泰迪|金毛|哈士奇|柯基|比熊|柴犬|拉布拉多|(?<!跟|像|跟小|像小|跟个|像个)猫(?!眼|着|腰|似的|一样|那么)|宠物|鹦鹉|鸽子|养鸡/,
  parking: /车[^，。！？,.!?\s]{0,4}(?:还没挪|没挪|挪挪|挪一下|挪走)|停车|车位|乱停|违停|停满了?车|车[^，。！？,.!?\s]{0,3}停满|挡住|堵门|消防通道|(?:面包车|轿车|货车|三轮车?|小车)[^，。！？,.!?]{0,6}(?:停在|堵)|停在[^，。！？,.!?]{0,6}(?:门口|路口|巷子?口|楼道口|通道)/,
  vendor: /摆摊|摊贩|地摊|小贩|占道经营|推销|保健品|烧烤(?!店)|大排档|夜宵摊|出摊|又摆|摆起来|夜市|菜贩|摊子|流动摊/,
  ebike: /电动车|电瓶车|电瓶|充电|飞线|(?:在|还在|天天)充(?!值)|车[^，。！？,.!?\s]{0,6}充着/,
  // Something thrown or dropped from a window ("从楼上甩了个啤酒瓶下来", "又掉了个衣架下来").
  throw: /高空抛物|往下(?:面)?(?:扔|丢|甩)|丢东西|扔下来|扔东西|抛物|楼上.{0,6}(?:扔|丢|甩|掉|砸)|往楼下.{0,3}(?:扔|丢|甩|倒)|(?:扔|丢|甩|掉)了?.{0,5}下来|甩.{0,3}(?:瓶|烟头)|(?:碎|摔碎的?|砸碎的?)花盆|花盆(?:碎|摔|砸)/,
  theft: /偷|被盗|小偷|撬|顺走|拿走/,
  scam: /骗|诈骗|转账|冒充|验证码|汇款|(?:卡|账户|账号)[^，。！？,.!?\s]{0,3}冻结|解冻/,
  fight: /打架|斗殴|打起来|动手|打人|砍人|拿刀|见血了|劝不住|劝不开/,
  road: /路面|坑|洞|塌陷|人行道|马路|道路/,
  network: /宽带|网络|信号|断网|上不了网|没网|光缆/,
  green: /树|绿化|草坪|修剪/,
  building_work: /违建|违章|搭建|加盖|彩钢|工地|施工|阳光房|铁皮房|搭(?:了个|起|个)?棚/,
  // A flat let to far more people than it holds.
  group_rental: /群租|住了?[七八九十几]+个人|隔成[\d一二三四五六七八九十几]+间/,
  stranger: /陌生人|陌生的?男|陌生的?女|可疑|踩点|纸条|记号|跟.{0,6}进(?:楼|门|单元)|挨家挨户/,
  gambling: /麻将|赌|牌局|打牌|棋牌室|牌九|炸金花|斗地主.{0,4}(?:钱|输|赢)/,
  // A person in trouble: someone fell, fainted or does not answer (not "好多老人" in passing).
  person: /嘴(?:巴|角)?(?:也)?歪|倒在?地|(?:叫|喊)(?:他|她)?(?:也)?不应|嘴唇(?:发)?紫|说话不清|说不出话|胸口(?:疼|痛|闷)|喘不(?:上|过)气|透不过气|抽搐|口吐白沫|摔倒|摔了|跌倒|跌咗|跌亲|晕倒|晕过去|不省人事|没有反应|叫不醒|不开门|联系不上|起不来|起唔到身|(?:电话|敲门|喊).{0,6}没人(?:接|应)|没人(?:接|应)/,
};

const CN = '零一二两三四五六七八九十';
const NUM = `(?:\\d{1,4}|[${CN}]{1,3})`;
// Places people name: a building, a unit, a lift, a gate, a lane address, a spot of the estate.
const PLACES: Array<[kind: string, pattern: RegExp]> = [
  ['building', new RegExp(`(${NUM})\\s*(?:号楼|栋|幢|座|号院)|(?<![a-z])([a-z])\\s*(?:栋|幢|座)`, 'g')],
  ['unit', new RegExp(`(${NUM})\\s*单元`, 'g')],
  ['lift', new RegExp(`(${NUM})\\s*号(?:电)?梯`, 'g')],
  ['gate', /(东|西|南|北|正|后|侧)(?:大)?门/g],
  // A lane by its name only ("三巷"): "三巷12号" and "三巷14号" may be one fire.
  ['lane', new RegExp(`([${CN}\\d]{1,2}(?:巷|弄))`, 'g')],
  ['spot', /(地下车库|地库|车库|地下室|楼顶|天台|篮球场|停车场|垃圾站|垃圾房|垃圾箱房|垃圾点|河沟|游乐场|滑梯)/g],
  // A business the neighbours all know ("那家KTV", "楼下烧烤摊"): where a nuisance comes from (see
  // sameProblemOpen; no place for samePlace).
  ['venue', /(ktv|歌厅|酒吧|烧烤店|烧烤摊|烧烤|大排档|麻将馆|棋牌室|网吧|菜市场|农贸市场|夜市|工地)/g],
  // A part of the estate: "A区3座" and "B区3座" are two buildings, "二期" is not "一期".
  ['zone', new RegExp(`(?<![a-z])([a-h]|[东西南北])区|([${CN}\\d]{1,2})期`, 'g')],
  // A street by its name ("安字街", "江南大道", "建设大路"), not "马路" or "这条路".
  // (Not the 路 of 路灯 or 路牌: "那根路灯" names no street.)
  ['street', /([\u4e00-\u9fa5]{2,8}?)(大道|大街|大路|街|(?<![走赶带让修铺绕拦问找])路(?![过灯牌]))/g],
];
// What stands before a street's name in a sentence ("小区门口安字街上", "外头建设大路边上"; "那截路" is none).
const BEFORE_STREET = /^.*(?:门口|外头|外面|外边|旁边|对面|小区|[那这嗰呢哪]一?[截段条片边头块]|成条|整条|一条|前面|后面|那个|这个|嗰个|的|在|喺|个|条|到|过|上|沿|往|向|去|从|出|和|与|跟|同)/;
// Stems that make no street name: 马路, 线路, 走路, 这条路…
const NOT_A_STREET = /^(?:马|道|公|走|线|电|管|水|网|思|套|铁|环|一|大|小|出|上|下|回|半|逛|沿|临|当|过马|这|那)$/;
// Words no street name holds ("我刚一路", "他们走的路"): a sentence, not a name.
const NOT_IN_A_NAME = /[我你他她们刚才就都也还又是了的吗呢吧]/;
// A place named after one of these is where someone came from, or the one the writer compares
// with, not the place of the problem: "从侧门绕进来", "不光7号楼 我们3号楼也…".
const ROUTE_OR_REFERENCE = /(?:从|经过|绕过|绕|不光|不只|不止|不仅|除了|跟|像|同)\s*$/;
// A clause saying a problem is over or set aside ("6栋是来电了 但是…", "停电就算了", "火灭了"):
// the problem it names is not what the message reports.
const OVER_CLAUSE = /(?:来电|来水|来气|通电|通水)(?:了|咗|哒|啦)|水(?:已经|都|也)?退(?:了|咗|啦|哒)(?!没)|恢复了|(?:火|烟).{0,3}(?:灭|熄)(?:了|咗|掉)|修好了(?!又)|(?<![快啲些紧点早去])搞掂|(?<![快些紧点早去])搞定了|没事了|没事就好|虚惊|白紧张|白担心|白吓|(?:闻|看|听)错了|搞错了|弄错了|抢救过来了|扶(?:回|返)去了|扶起来了|没事体|没得事|冇事|没啥事|没大事|没事情了|(?:孩子|小孩|人|老人)(?:已经)?(?:救|放)?出来了|就算了|不说了|(?:灭|熄)咗/;
// Asking whether it is over ("道闸今天可修好了啊？", "来水了没") is not saying so: the asked words drop out.
const OVER_ASKED = /(?:可|已经|都)?(?:修好|来电|来水|来气|通电|通水|恢复)(?:了|咗|哒|啦)?(?:吗|嘛|么|没有?|冇|[啊呀]?\s*[？?])/g;
function overClauses(text: string): string {
  return text.replace(OVER_ASKED, '？');
}
const CLAUSE_SPLIT = /[，,。.！!？?；;\s]+|但是|可是|不过/;
// A condition ("万一着火了我们往哪跑", "这么多纸壳子万一着火咋办") ends what its clause reports.
const IF_SOMEWHERE = new RegExp(CONDITION_WORDS);

// One name per spot: 垃圾站, 垃圾箱房 and 垃圾点 are the same bins; 地库 is the garage.
const SPOT_ALIASES: Record<string, string> = {
  垃圾站: '垃圾房', 垃圾箱房: '垃圾房', 垃圾点: '垃圾房', 地下车库: '车库', 地库: '车库', 滑梯: '游乐场',
  烧烤店: '烧烤', 烧烤摊: '烧烤', 大排档: '烧烤', 农贸市场: '菜市场', 歌厅: 'ktv',
};

const CN_VALUE: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** "十二" → "12", "3" → "3": one spelling per number, so 三号楼 and 3号楼 are one place. */
function canonicalNumber(s: string): string {
  if (/^\d+$/.test(s)) return String(Number(s));
  const ten = s.indexOf('十');
  if (ten < 0) return [...s].map((c) => CN_VALUE[c] ?? c).join('');
  const tens = ten === 0 ? 1 : (CN_VALUE[s[0]!] ?? 0);
  const ones = ten === s.length - 1 ? 0 : (CN_VALUE[s[ten + 1]!] ?? 0);
  return String(tens * 10 + ones);
}

export interface ProblemSignature {
  /** Problem topics named, e.g. {"lift"}. */
  topics: Set<string>;
  /** Places named, by kind: {"building": {"3"}, "gate": {"东"}}. */
  places: Map<string, Set<string>>;
}

const TOPIC_LIST = Object.entries(TOPICS);
// Nobody home ("楼上那家白天没人 敲门没人应"): an unanswered door is an absent neighbour, not a person
// in trouble, unless the line says more than that.
const NOBODY_HOME = /(?:家里?|屋里?|白天|平时|这几天)(?:都)?没人(?![接应])|没人在家|不在家|上班去了|出门了|出远门/;
const UNANSWERED_ONLY = /^(?:(?!倒|摔|跌|晕|起不来|喊|叫|哼|病|老人|老太|老头|奶奶|爷爷|阿婆|阿公).)*$/;

const VANTAGE = /(?:我|俺|额|阿拉|我们|俺们)(?:在|喺|从)((?:[\d一二三四五六七八九十]+(?:号楼|栋|幢|座))[^，。！？,.!?\s]{0,10}?)(?:看见|看到|瞅见|瞧见|望见|睇到|见到|瞅着|看着)(?=[^，。！？,.!?]{0,4}[\d一二三四五六七八九十]+(?:号楼|栋|幢|座))/;

export function problemSignature(raw: string): ProblemSignature {
  const text = normalizeText(raw);
  const topics = new Set<string>();
  // Topics of a clause that says the problem is over or set aside do not count.
  const asked = overClauses(text);
  // (A condition inside a clause ends what it reports: "这么多纸壳子万一着火咋办" names cardboard, not a fire.)
  const spans =
    OVER_CLAUSE.test(asked) || IF_SOMEWHERE.test(text)
      ? asked
          .split(CLAUSE_SPLIT)
          .filter((c) => c && !OVER_CLAUSE.test(c))
          .map((c) => c.split(IF_SOMEWHERE)[0]!)
      : [text];
  for (const span of spans) for (const [topic, pattern] of TOPIC_LIST) if (!topics.has(topic) && pattern.test(span)) topics.add(topic);
  if (topics.has('person') && NOBODY_HOME.test(text) && UNANSWERED_ONLY.test(text)) topics.delete('person');
  const places = new Map<string, Set<string>>();
  const add = (kind: string, value: string) => {
    if (!places.has(kind)) places.set(kind, new Set());
    places.get(kind)!.add(value);
  };
  // "我在8号楼厨房窗户这看见7号楼2单元好些人往下跑": where the writer stands to see is not where it is.
  const seen = VANTAGE.exec(text);
  const placeText = seen ? text.slice(0, seen.index) + ' '.repeat(seen[1]!.length) + text.slice(seen.index + seen[1]!.length) : text;
  for (const [kind, pattern] of PLACES) {
    pattern.lastIndex = 0;
    for (const m of placeText.matchAll(pattern)) {
      if (ROUTE_OR_REFERENCE.test(text.slice(Math.max(0, m.index - 3), m.index))) continue;
      if (kind === 'building') add(kind, m[1] ? canonicalNumber(m[1]) : m[2]!.toUpperCase());
      else if (kind === 'unit' || kind === 'lift') add(kind, canonicalNumber(m[1]!));
      else if (kind === 'zone') add(kind, m[1] ? m[1].toUpperCase() : canonicalNumber(m[2]!));
      else if (kind === 'street') {
        const stem = m[1]!.replace(BEFORE_STREET, '');
        if (stem.length >= 2 && stem.length <= 4 && !NOT_A_STREET.test(stem) && !NOT_IN_A_NAME.test(stem)) add(kind, stem + m[2]!);
      } else add(kind, SPOT_ALIASES[m[1]!] ?? m[1]!);
    }
  }
  return { topics, places };
}

/** The text says a problem is over or set aside ("没事了", "火灭了", "6栋是来电了 但是…"). */
export function mentionsProblemOver(raw: string): boolean {
  return OVER_CLAUSE.test(normalizeText(raw));
}


// Topics that are one problem seen at two moments: water dripping from upstairs becomes water on
// the floor ("漏水渗到天花板" … "现在水漫到客厅了").
const SAME_FAMILY: Record<string, string> = { leak: 'flood', flood: 'leak' };

/**
 * Topics both name. With `family`, a topic and its sibling in SAME_FAMILY count as one — for one
 * reporter telling how their problem went on, not for two neighbours' reports.
 */
export function sharedTopics(a: ProblemSignature, b: ProblemSignature, options: { family?: boolean } = {}): string[] {
  const out: string[] = [];
  for (const t of a.topics) {
    if (b.topics.has(t)) out.push(t);
    else if (options.family && SAME_FAMILY[t] && b.topics.has(SAME_FAMILY[t]!)) out.push('flood');
  }
  // An e-bike named by both is no common problem when each names another ("电瓶车都过不去" beside a
  // market stall, "电瓶被偷了"): the thing is in both, the trouble is not.
  if (out.length > 0 && out.every((t) => THINGS.has(t)) && [...a.topics].some((t) => !THINGS.has(t)) && [...b.topics].some((t) => !THINGS.has(t))) return [];
  return out;
}

/** Topics that name a thing more than a trouble with it. */
const THINGS = new Set(['ebike']);

/**
 * Both name a place of the same kind and no value in common: "3号楼" vs "5号楼", "东门" vs "西门".
 * (A place one of them does not name is no conflict: "电梯还是坏的" may be about 3号楼's lift.)
 */
export function placesConflict(a: ProblemSignature, b: ProblemSignature): boolean {
  for (const [kind, values] of a.places) {
    if (kind === 'spot' || kind === 'venue') continue;
    const other = b.places.get(kind);
    if (other && ![...values].some((v) => other.has(v))) return true;
  }
  return false;
}

/** Both name the same place (same building, unit, lift, gate, lane address or spot). */
export function samePlace(a: ProblemSignature, b: ProblemSignature): boolean {
  for (const [kind, values] of a.places) {
    // (A business is where a nuisance comes from, not where a problem is: the building site's mud
    // and its piling at night are two reports.)
    if (kind === 'venue') continue;
    const other = b.places.get(kind);
    if (other && [...values].some((v) => other.has(v))) return true;
  }
  return false;
}
