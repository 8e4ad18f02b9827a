// Keyword rules compiled once from config: category keywords, force words, urgent signals, and a
// chain of small named filters for what is plainly not a request (greetings, thanks, stickers,
// media tags, adverts, staff notices, "+1"). The rules decide alone only when they are sure;
// everything else they report as evidence for the local model (see offline-classifier.ts).
import type { LinliConfig } from '../config/linli-config.js';
import type { Classification, ClassifyInput, Classifier } from './classification.js';
import { normalizeText } from './normalize-text.js';

export type NonRequestKind =
  | 'empty'
  | 'media' // [图片] [红包] [表情] stickers and emoji only
  | 'small_talk' // greeting, thanks, acknowledgement
  | 'agreement' // "+1", "我家也是", "同问"
  | 'advert'
  | 'notice' // staff announcement: 【通知】, 温馨提示, 各位业主：
  | 'staff_reply' // "收到，已通知…", "已联系供电所…"
  | 'resolved' // "修好了 谢谢物业"
  | 'contact'; // "我电话 138 0013 8000": a number to call back on, nothing else

export interface NonRequestHit {
  kind: NonRequestKind;
  /** How sure the filter is; the offline classifier lets filters at or above its threshold decide. */
  confidence: number;
}

export interface RuleAnalysis {
  /** normalizeText() of the input. */
  text: string;
  nonRequest: NonRequestHit | null;
  /** 'mention' when the bot was @-mentioned, else the force word found, else null. */
  forced: string | null;
  urgentSignal: string | null;
  /** The urgent signal is a danger pattern's (a child alone, water onto a socket…), not an urgent keyword's. */
  urgentByPattern: boolean;
  /** Keyword score per category code (only codes with hits). */
  categoryScores: Record<string, number>;
  topCategory: string | null;
  /** topScore / (sum of scores): 1 when only one category has hits. */
  categoryShare: number;
  keywordHits: string[];
  /** Asks, complaints and questions addressed to someone ("能不能", "谁管", "？"). */
  askCue: boolean;
  /** Words that report a state of things being wrong ("坏了", "漏", "没人管"). */
  problemCue: boolean;
  /** Announces action taken ("已通知", "马上到", "安排师傅"): typical of staff replies. */
  staffCue: boolean;
  /** The only staff cue is a name and a comma to open with: residents write so too. */
  staffByAddressOnly: boolean;
  /** Something was fixed or came back ("修好了", "来电了"). */
  resolvedCue: boolean;
  hasPhone: boolean;
  /** Second-hand news or the past ("听说", "新闻说", "隔壁小区", "去年"): rarely a report of danger here and now. */
  hearsay: boolean;
  /** A question to the other residents, not to staff. */
  toNeighbours: boolean;
  /** Said in jest or called off ("开玩笑", "吓你的", "😂"), a drill asked about, a fire that was not
   * one: whatever it names is no emergency now. */
  noAlarm: boolean;
  /** A facepalm or laugh-cry sticker in the line: the model's alarm alone does not stand. */
  laughedOff: boolean;
  /** Something thrown from above that has already landed, near someone ("差点砸到我孙子"): a matter for
   * the property and the police, not an emergency — unless the throwing goes on. */
  landedNearMiss: boolean;
}

const MEDIA_TAG = /\[[^\[\]]{1,8}\]/g;
// Emoji, pictographs, symbols, punctuation and spaces: what is left after them says nothing.
const NOISE = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\p{P}\p{S}\s\u200d\ufe0f]/gu;
const ONLY_DIGITS_OR_NOISE = /^[\p{Extended_Pictographic}\p{P}\p{S}\s\d]*$/u;

const SMALL_TALK_WORDS = [
  '早上好', '早安', '早晨', '早啊', '早', '中午好', '下午好', '晚上好', '晚安', '好梦', '大家好', '你好', '您好', '侬好',
  '各位', '大家', '邻居', '街坊', '家人们', '亲们', '朋友们', '新年快乐', '节日快乐', '中秋快乐', '生日快乐', '快乐',
  '恭喜发财', '恭喜', '发财', '万事如意', '安康', '辛苦了', '辛苦', '谢谢', '感谢', '多谢', '谢了', '谢', '太感谢了', '非常',
  '收到', '好的', '好滴', '好嘞', '好哒', '好吧', '好', '行', '中', '要得', '得嘞', '明白', '知道了', '晓得了', '晓得', '了解',
  '懂了', '嗯', '哦', '噢', '喔', '对', '是的', '是', '没问题', '冇问题', '可以', 'ok', 'okay', 'thanks', 'thank you', 'thx',
  'good morning', 'noted', 'got it', 'bye', 'lol', 'hhh', 'hh', '哈', '呵', '嘻', '哇', '赞', '点赞', '给力', '厉害', '牛',
  '666', '66', '拜拜', '再见', '明天见', '回头聊', '晚点聊', '老铁', '姐', '哥', '叔', '阿姨', '大爷', '奶奶', '们', '了', '啦', '呀', '啊', '哟', '哈', '吧', '呢', '嘛', '哦', '滴',
  '的', '你', '您', '们', '小', '老', '大', '也', '都', '已', '搞掂', '整挺好', '杠杠的', '巴适', '安逸', '得劲', '吃了吗',
  '吃了没', '吃了', '吃饭了吗', '饮茶', '在吗', '有人吗', '在不在',
  // "早晨！今日饮咗茶未" (咗 reads as 了), "[红包] 恭喜发财，今日我生日": a greeting or a wish with the day in it.
  '今日', '今天', '饮了茶未', '饮了茶', '食了饭未', '食了饭', '生日', '我',
].sort((a, b) => b.length - a.length);
const AGREEMENT = /^(?:\+1|＋1|\+\+|加一|同问|同求|同上|附议|顶+|支持|同意|赞同|一样(?:一样)?|同感|确实|就是就是|是啊+|我也想知道|我也是|我家也是|我家也一样|我们家也是|我们这[栋边里]?也是|我这边也是)/;
const AGREEMENT_ANY = /(?:\+1|我家也是|我家也|我也是|我也遇到|我们这[栋边里]?也|我这边也|这边也一样|也一样|都一样|我们.{0,3}都没|我也听到|我也闻到|也闻到了)/;
// (代办 offered is an advert; "能代办不" asks whether a relative may act for someone.)
const ADVERT_STRONG =
  /团购|接龙|(?<![楼地底往])下单|包邮|招租|出租|出售|转让|低价|高价回收|回收|上门收|收旧|收二手|出二手|出闲置|(?<![能可以会])代办(?![不吗么嘛没呢啊?？])|代理记账|买一送一|出摊|要预订|可预订|欢迎订购|送货上门|招聘|招生|兼职|日结|直播|开业(?!主)|砍一刀|投个票|领取红包|欢迎选购|优惠|特价|打折|折扣|[八九七六五]折|\d折|清仓|老客户|新客户/;
const ADVERT_MEDIUM =
  /私聊(?!你|您|给你|给您|发你|发您)|加我微信|加微信|微信同号|加v|上门服务|随叫随到|价格(?:优惠|实惠|公道|好商量|面议)|欢迎咨询|免费咨询|专业|\d+(?:\.\d+)?\s*(?:元|块|蚊)\s*(?:\/|一)?\s*(?:斤|箱|只|份|位|次|个|盒|袋)/;
const UNIT_PRICE = /\d+(?:\.\d+)?\s*(?:一|\/)\s*(?:斤|箱|只|份|盒|袋|瓶)/;
const SALE_PITCH = /跳楼价|救命价|特价|包安装|清仓|甩卖|秒杀|手慢无|再不抢|抢购|全场|买[一二三四五六七八九十\d]+送[一二三四五六七八九十\d]+|最后[一两三\d]天|限时(?:特价|优惠|抢)/;
const SALE_PRICE = /\d+(?:\.\d+)?\s*(?:元|块|毛|蚊|折)|[一二三四五六七八九](?:点[一二三四五六七八九])?折|开业(?!主)|捧场|[一二三四五六七八九十两]+(?:块|毛)钱?(?:一|\/)|扫码|订位|订餐|订桌/;
const FIRST_PERSON_ASK = /[我俺](?:想|要|家|妈|爸|们家)|申请|请问|帮忙|麻烦/;
// "有个人打电话说是社保中心的…让俺加微信转三百块钱": a scammer's pitch told to the neighbours, not an advert.
const QUOTED_PITCH = /说是|说他是|自称|冒充|骗|[让叫要](?:我|俺|咱|她|他)(?:先|去)?(?:加|转|交|汇|打)/;
const TELL_EVERYONE = /^(?:(?:跟|给|和)大家(?:说|讲|港)(?:一声|一下|下)|提醒(?:一下)?大家|告诉大家)/;
const NOTICE_START =
  /^(?:(?:帮转|转发|转自|转)[:：]|[【\[](?:[^】\]]{0,20})(?:通知|提示|公告|提醒|告知|通告|预告|倡议|公示|招募|活动)[^】\]]{0,6}[】\]]|(?:温馨提示|通知|公告|紧急通知|重要通知|提醒|物业提醒|社区提醒|派出所提醒|街道通知|友情提醒|特别提醒|(?:转自|转发自)[^：:，,。]{1,15})\s*[:：]|(?:各位|亲爱的)(?:居民|业主|邻居|住户|家长|街坊|居民朋友)[^:：]{0,8}[:：]|关于.{2,40}的通知)/;
const NOTICE_ANY = /敬请谅解|请(?:大家|各位|居民|业主|住户|低保户|家长|老人|车主|养狗的|相关)|已公示|已张贴|已贴在|发在群里了|给您带来不便|给大家带来不便|带来不便|请大家(?:提前|注意|配合|不要|互相|相互|及时|自觉)|请居民|请各位|请广大|欢迎(?:大家)?(?:参加|报名|踊跃)|届时|特此通知|感谢(?:您的)?(?:理解|配合)|违者/;
const STAFF_CUE =
  /^(?:收到|好的|您好|你好)[，,。 !！]|已(?:经)?(?:帮您|帮你|为您|通知|联系|安排|派|上报|报给|报了|转给|转交|反馈|记录|处理|到场|到现场|查明|恢复|扑灭|撤回|移出|关阀|断电|扑救|疏散|协调|打了|报警|报110|打110|打120|打119)|马上(?:到|派|安排|过去|联系|处理)|(?:下午|上午|明天|今天|今晚|稍后|等下)(?:安排|派|会|我们|过去|上门)|师傅(?:已经|马上|半小时|\d+分钟)|正在(?:抢修|处理|协调|联系|赶)|预计.{0,12}恢复|我(?:来|帮您|帮你|们会)|我们(?:调|会|来|马上|上门|已|正在|帮|联系|安排)|谢谢配合|感谢配合|私信我|千万别|千万不要|请(?:到|带|拨打|联系|您|私信)|可以(?:拨打|打|到|去|直接|在|找)/;
// …or only a name and a comma to open with ("张阿姨，…"): how staff often begin, and residents too.
const STAFF_ADDRESS =
  /^(?!.{0,8}(?:说个事|讲个事|反映个事|报个事|问个事|反映一下|说一下)|(?:都|已经)?(?:早上|上午|中午|下午|傍晚|晚上|半夜)[^，,]{0,5}了[，,])[^，,。 ]{1,6}(?:您好)?[，,](?!.*[?？])/;
const RESOLVED_CUE = /(?<![不没未])(?:修好了|已修好|恢复(?:供水|供电|供气|正常)?了|来水了|来电了|有电了|有水了|来气了|热了|热乎了|暖和了|亮了|(?<![打拨])通了|解决了|搞定了|处理好了|清走了|挪走了|没事了|虚惊一场|好了)/;
const ASK_CUE =
  /[?？]|吗(?:[\s!！。,，~～]|$)|什么(?:手续|材料|证件|条件|时候)|需要什么|要带什么|请问|问一下|问下|问问|想问|能不能|能否|可不可以|可以.{0,6}吗|能.{0,8}吗|怎么|如何|咋|为什么|为啥|凭什么|谁(?:来|管|负责|能|有|给)|找谁|归谁|哪个部门|哪里|哪儿|在哪|去哪|多少|几点|要不要|是不是|是否|有没有|管不管|管管|管一管|管一下|麻烦|帮忙|帮帮|帮我|求助|救命|快来|快点|快叫|赶紧|尽快|来人|过来看|来看|派人|处理一下|修一下|修理|清理一下|清一下|投诉|举报|反映|报修|希望|建议|要求|到底|还让不让|受不了|太过分/;
const PROBLEM_CUE =
  /坏|漏|堵|臭|吵|噪|停水|停电|没水|没电|没气|不热|不亮|不通|不动|不响|失灵|故障|塌|裂|掉|脱落|被偷|被盗|丢了|骗|占|乱|脏|满了|没人|冒|烟|火|味|积水|淹|爆|破|危险|隐患|不安全|扰民|违|困|摔|晕|不舒服|卡住|卡在|打不开|关不上|打不着|没反应|又/;
// Seen on television or online: whatever the message then asks, the danger was somewhere else.
const SEEN_IN_MEDIA = /新闻|报道|抖音|快手|网上说|网上看到|网传|电视上|电视里|视频里|^[【\[]?转发[】\]：:]/;
// (Where someone is is no news from elsewhere: "儿女都在外地" is why nobody is there to help.)
// …or heard from someone ("听单位人说", "听我们单位同事说", "听楼下超市老板说"), not "听不见老师讲话".
export const HEARD_FROM_SOMEONE = /(?:^|[，,。\s])听[^，,。！？\s说讲听不得见到]{1,6}(?:说|讲)(?![话座课])/;
const HEARSAY = new RegExp(`${SEEN_IN_MEDIA.source}|听说|听讲|据说|${HEARD_FROM_SOMEONE.source}|朋友圈|隔壁小区|隔壁区|别的小区|(?<![在喺])外地`);
// "讲起上年打风嗰阵…", "说起那次停电…", "22年嗰次仲犀利", "98年那回我屋里泡了半个月", "我记得九几年对面那栋
// 也烧过一回", "我年轻时候在矿上…": a memory, however vivid (27 of 27 such labelled lines with a year or
// one's younger days no request, alarm words and all) — unless it turns to now ("…又淹了 快来人").

const REMINISCING = /^(?:我|俺|额|阿拉|偶)?(?:(?:讲起|说起|提起)(?!来|嚟|來)|想起|想当年)|^(?:(?:我)?记得(?=以前|小时候|那年|那次|那回|那会|当年|\d\d|[一二三四五六七八九零〇]{2}年|[一二三四五六七八九]几年|前年|去年|上次|上回))|(?<!\d)(?:\d\d|(?:19|20)\d\d|[八九]几)年(?:那|嗰)(?:次|回|趟|阵|会)|^(?:我|俺|我哋)都?试过(?!了)|(?:前年|去年)(?:那|嗰)(?:次|回|趟|阵)|^(?:[1-9]\d|(?:19|20)\d\d)年[^，。！？,.!?]{0,8}(?:发大水|大水|洪水|地震|台风|雪灾|冰灾)|^(?:我们|俺们|额们|这里|我们这里|我们这|这边|阿拉)(?:\d\d|(?:19|20)\d\d)年|年轻(?:的)?(?:时候|那会)|年轻时|少年时|想起(?:了)?(?:\d{2,4}|[一二三四五六七八九零〇]{2,4})年/;
// A line that opens on thanks ("谢谢小林 这一屋子水 回头还得跟他家唠唠"): help has come. Of 397 such lines in
// the labelled files none is urgent, and the few requests all ask something after the thanks.
const THANKS_OPENS = /^(?:谢谢|多谢|感谢|太感谢)/;
// "我那年也是，楼上洗衣机管子掉了，水从吊灯里往下哗哗的": a story from another year, unless it is happening again.
const PAST_STORY_OPENS = /^(?:我|俺|我们|我家|俺家|额)?(?:那年|有一年|有一回|有一次|有次|那回|那次|前年|去年|早些年|前些年)(?:也|就|还)?/;
// Something that happened a year or two ago ("前年3号楼也爆过一回"), and what says the line is about now after all.
const ONCE_HAPPENED = '(?:[漏堵淹崩塌爆骗烧冻坏着摔裂垮]过|过一[回次趟]|差点|那[回次场])';
const YEARS_AGO = new RegExp(`(?:去年|前年)[^，。！？,.!?]{0,20}${ONCE_HAPPENED}|${ONCE_HAPPENED}[^，。！？,.!?]{0,20}(?:去年|前年)`);
const NOW_AGAIN = /又|还(?!好)|现在|今年|这次|这回|最近|一直|再|正在|刚|快|赶紧|希望|要求|谁|会不会/;
// What says a story has turned to now ("…又淹了 快来人"), for either kind of story above.
const TURNS_TO_NOW = /又|正在|还在|刚刚|刚才|快来|救命|赶紧/;
function reminisces(text: string): boolean {
  return REMINISCING.test(text) && !TURNS_TO_NOW.test(text);
}
const STORY = /^(?:讲|说|讲个|说个)(?:个)?(?:笑话|好笑的|段子)|^(?:额们|我们|俺们|阿拉|我哋|咱们)?(?:那会儿|那时候|那阵子|小时候)/;
// News from a relative's or a friend's estate ("我女儿住临桂那边，上个月她们小区电瓶被偷了好几个",
// "我同事住万达那边 楼上装修装了半年"): their estate, not ours — nothing asked of anyone here.
const ELSEWHERE = /(?:我|俺)(?:表姐|表哥|表妹|女儿|儿子|闺女|姐姐|妹妹|哥哥|弟弟|朋友|同事|同学|亲戚|姑姑|舅舅|姨妈|老乡)[^，。！？,.!?]{0,4}(?:住|在|喺)[^，。！？,.!?\d]{1,8}(?:那边|那里|那儿|嗰边|嗰度)/;
const FOUND_ITEM = /(?:捡到|执到)(?:了)?(?:一|个|只|串|张|部|台|把|条|本)|捡了|执了/;
const FOR_THE_OWNER = /认领|去拎|来拎|来拿|去拿|找我拿|来领|去领|失主|谁丢|哪个丢|边个跌|(?:来|去)[^，。！？,.!?\s]{1,8}(?:拿|领|取)(?![^，。！？,.!?\s]{0,2}(?:钱|快递|药))|放(?:在|到)?[^，。！？,.!?\s]{0,10}(?:门口|信报箱|信箱|花坛|超市|小卖部|保安亭)[^，。！？,.!?\s]{0,2}了|(?:放|交)(?:在|了去|了给|去|到|给)[^，。！？,.!?]{0,10}(?:前台|门卫|门岗|士多|保安|物业|传达室)/;
// …or which one is good, where one is, or how to fix it oneself ("谁知道哪个通下水的好", "有人知道哪有
// 疏通下水道的不", "有人知道自己咋弄吗", "有冇人认得做防水的师傅"): 39 of 39 labelled lines no request,
// whatever the writer's own trouble; and who can repair a thing, or where ("谁会修老式缝纫机",
// "哪个晓得城里哪点修燃气热水器靠谱"): 27 of 27 labelled lines no request.
const TRADESMAN_WANTED = /(?:谁|哪个|哪位|有没有?人|有冇人|边个|有人)(?:会|能|识)修|(?:谁|哪个|哪位|有人|边个)(?:知道|晓得)[^，。！？,.!?]{0,6}哪(?:点|里|儿|家)(?:能|可以)?修|(?:谁|哪个|哪位|有冇人|有没有?人|有没谁|边个)(?:有|认识|知道)[^，。！？,.!?]{0,6}(?:修|开锁|搬家|通下水|疏通|家政|保洁|装空调|师傅)[^，。！？,.!?]{0,8}(?:电话|联系方式|微信)|(?:谁|哪个|哪位|有人|有没有?人|有没谁|有冇人)(?:知道|晓得|认识)(?:哪个|哪家|哪里|哪儿|谁家?)[^，。！？,.!?]{0,10}(?:好|便宜|靠谱|专业|实惠)|(?:谁|哪个|哪位|有人|有没有?人|有没谁|有冇人)(?:知道|晓得|认识)哪(?:有|里有|儿有|里|儿|家)[^，。！？,.!?]{0,8}(?:修|疏通|通下水|开锁|搬家|家政|保洁|装空调|师傅)|有人(?:知道|晓得)(?:自己)?(?:咋|怎么|怎样)(?:弄|修|整)|(?:有冇(?:边个|人)|有没(?:有)?(?:人|哪个|谁)|有人|谁|哪个|哪位|边个)(?:识得|认得|认识|知道|晓得)[^，。！？,.!?]{0,10}师傅/;
// Talk that opens on the weather ("这雨咋又下起来了 刚洗的车", "酒泉这风 垃圾袋都吹到我车顶上了"): chat
// (40 of 42 labelled lines), unless the rain got in somewhere or the wind did damage.
const WEATHER_TALK = /^.{0,6}(?:这天|这雨|这风|又下雨|下雨了|雾大|梅雨|这鬼天|天气)/;
const WEATHER_DAMAGE = /浸|淹|积水|积到|漏|进水|渗|倒了|塌|(?:吹|刮)(?:倒|落|掉|歪|坏|翻|断|下来)|断了|搬|挂在|砸|铁皮|彩钢|悬/;
// What food costs now ("羊肉又涨了 前腿三十八"): market talk, 8 of 8 — fees are another matter.
const PRICES_UP = /(?:肉|菜|蛋|米|油|鱼|果|奶|面)[^，。！？,.!?]{0,4}(?:又|咋|还|都)?涨/;
// A neighbour's renovation that is over ("那家可算装修完了 叮叮当当敲了俩月"): relief, not a complaint (5 of 5).
const RENOVATION_OVER = /装修(?:可算|终于|总算|都)?(?:完了|完事|结束|弄完|搞完)|(?:可算|终于|总算)装修完/;
const STAFF_WORD = /物业|社区|网格|居委|管家|管理处|街道/;
// A question to the other residents rather than to staff ("有没有人知道…", "谁家有梯子").
const TO_NEIGHBOURS = /请问(?:大家|各位|邻居|哪位|有没有人|谁)|附近(?:哪里|哪儿|哪家|有没有)(?:有)?(?:修|卖|买)|有没有人(?:知道|晓得|有|一起|要|捡到|看到)|(?:哪个|哪位|谁|有人|有冇得?人|有没得人)晓得|有冇人知|谁捡到|捡到的|失物招领|谁家有|哪个家里有|哪家有|有没有邻居|有(?:人|谁)(?:装过|用过|买过|试过|去过)|有人拼车|哪位邻居|有邻居|邻居们|家人们|姐妹们|谁知道|有人知道(?:不|吗|没|么|伐|嘛)|有谁知道|哪位知道|知道的(?:说|讲|告诉)一?下|有(?:人)?(?:见到|看到|看见)的?(?:帮忙)?(?:联系|告诉|说)/;
// Chinese-numeral or Arabic mobile numbers, spaced or dashed (not digits inside an ID number);
// landlines with area code.
const PHONE = /(?:\+?86[\s-]?)?(?<!\d)1[3-9]\d(?:[\s-]?\d){8}(?!\d)|[一幺二三四五六七八九零〇]{3}[\s-]?[一幺二三四五六七八九零〇]{4}[\s-]?[一幺二三四五六七八九零〇]{4}|0\d{2,3}-\d{7,8}/;
// A negation or hypothetical just before an urgent word: "差点摔了", "万一着火", "不要开火".
// A planned outage announced ahead ("明天上午…全小区停水"): a notice, not an outage now.
const ASKS_HOW_FAR = /^[^，。！？,.!?]{0,3}(?:吗|么|还是)/;
/** "整个小区都停吗", "…还是就前面几幢": the words just before `end` are asked about, not reported. */
function asksHowFar(text: string, end: number): boolean {
  return ASKS_HOW_FAR.test(text.slice(end, end + 6));
}
const WHOLE_PLACE_WORD = /整栋|整个|全小区|全楼|成栋|成座/;
const FUTURE_IN_SPAN = /明天|明早|明晚|后天|下周|下星期|将于|预计|计划/;
const FUTURE_BEFORE = /(?:明天|明早|明晚|后天|下周|下星期|下个月|将于|预计|计划|届时|检修期间)[^，。！？,.!?]{0,12}$/;
const HYPOTHETICAL =
  /(?:差点|差一点|险些|险险|差些|差滴子?|没有|防止|以防|预防|小心|注意|万一|如果|(?<![主只就还])要是|假如|一旦|会不会|容易|担心|只怕|怕会|(?<![可害])怕(?!是)|生怕|就怕|演练|模拟|迟早|早晚|哪天|有一天|惊(?:会|佢|他|她|它|住)|新闻|听说|听讲|以前|去年|上次|上个月|以为)[^，。！？,.!?]{0,5}$|(?<!是)(?:不是|不系|不係|唔系|唔係|勿是|伐是)\s?[^，。！？,.!?\s]{0,2}$|(?:不|没|别|未|无|怕|莫|勿|唔好|冇|会|可能)$/;
// A condition opens the clause ("要是哪天电瓶车充电着火了", "万一楼下那辆车充电炸了起火"): the whole
// clause is hypothetical, however long. "主要是"/"只要是" are not conditions.
/** Words that open a condition ("万一着火", "要是漏气"): what follows is a fear, not a report. Also read by problem-signature. */
export const CONDITION_WORDS = '万一|如果|(?<![主只就还])要是|假如|一旦|倘若|若是|要真';
const CONDITIONAL = new RegExp(`(?:${CONDITION_WORDS})[^，。！？,.!?\\s]{0,12}$`);
// …or one inside a starred keyword's own span ("花盆…哪天掉下来砸到人"), with the words for "some day".
const SPAN_CONDITION = new RegExp(`哪天|有一天|迟早|早晚|${CONDITION_WORDS}`);
// "俺问个事儿 要是夜里俺一个人在家 摔倒了起不来 够不着手机 咋办": a condition some clauses back and a
// question what to do at the end — advice asked for in advance, not an emergency now.
const CONDITION_OPENS = new RegExp(`(?:${CONDITION_WORDS})[^。！？.!?]{0,30}$`);
// "楼下冒烟了警报也在响…一看横幅才想起来今天演练": a drill, wherever it is said (not "这不是演练").
const DRILL_SAID = /(?<!不是|不系|唔系|唔係|勿是|伐是|不是在|并非|冇|没|不)(?:演练|演习)/;
const WHAT_TO_DO_AT_END = /(?:咋办|怎么办|咋整|怎么整|咋弄|怎么弄|点算|咋个办|怎么处理)[？?呢啊呀嘞。!！\s]*$/;
// "真着火了，消防车都进不来", "这要着火了楼上的往哪跑" — what would happen if there were a fire, not a fire.
const REALLY_BEFORE = /(?:真(?:的|要|要是)?|这要(?:是)?)$/;
const REALLY_CONSEQUENCE = /^.{0,14}?(?:进不来|进不去|开不进|过不来|过不去|出不去|跑不|逃不|怎么办|咋办|就完了|就麻烦|更麻烦|就堵死|堵死了|就完蛋|往哪(?:儿)?(?:跑|逃))/;

// (Cantonese 点算 — "what then" — reads as a bare 怎么 once normalised.)
const HYPOTHETICAL_AFTER = /^[^，。！？,.!?]{0,4}(?:怎么[?？]?$|(?:可|就)?不得了|就麻烦|要出事|会出事|跑得脱|跑得掉|逃得出|怎么办|咋办|怎么整|咋整|嘛办|怎么弄|怎么跑|怎么逃|跑不|跑都|逃不|出不去|就完了|后果|谁负责|点走|点逃|咋个跑|就走不|走不到|走不了|走不出|跑不出)/;
const PAST_OR_DONE = /^.{0,8}?(?:已(?:经)?(?:扑灭|处理|排除|解决|关阀|恢复|修好)|灭了|没事了|(?<!不是|勿是|不系|不像)演练|那个已经|已经?关了?(?:总)?阀(?![^，。！？,.!?]{0,4}还))/;
// "电梯着火时不要乘坐", "煤气泄漏的时候应该打哪个电话": what to do if it happens, not that it has.
const WHAT_TO_DO_AFTER = /^[^，。！？,.!?]{0,2}(?:时|的时候)[^，。！？,.!?]{0,6}(?:不要|要|应该|应|先|别|请|千万)|^[^，。！？,.!?]{0,6}(?:应该打|该打哪|打哪个电话|该怎么|要怎么|如何处理|怎么处理|怎么自救|如何自救)/;
// A safety tip or a drill: the whole message teaches, nothing is happening.
const SAFETY_TIP = /小知识|安全提示|安全常识|科普|应急知识|防范知识|安全须知|逃生知识|消防宣传|消防演练|应急演练/;
// No alarm, whatever the words: asking whether the smoke and the siren are the drill ("广场上冒烟了
// 是演练吧？", 6 of 6 labelled lines normal or no request) unless someone says it is not one, or
// having taken something for a fire or a gas leak ("额还以为哪着火咧 … 是东边地里烧秸秆", 9 of 9).
const DRILL_ASKED = /演练(?:吗|吧|嘛|么|不是|不|没|啊|呀|哦)?\s?[？?]|是演练(?:吧|吗|嘛|不是)|是不是演练|演练还是/;
const NOT_A_DRILL = /(?:不是|勿是|不系|不像|没在)演练/;
const TAKEN_FOR_DANGER = /以为[^，。！？,.!?]{0,6}(?:着火|火烛|失火|起火|火灾|煤气|漏气|燃气|冒烟|炸了|爆炸|地震|出事|淹|打架|小偷|贼|跳楼)/;
// …and taken back in the same breath ("我还以为厂里着火了 结果是隔壁在烧柴窑"; 6 of 6 such labelled lines no
// request): chat, not a report of the fire that was not.
const FALSE_ALARM_TOLD = new RegExp(`${TAKEN_FOR_DANGER.source}[^。！？!?]{0,30}(?:结果|原来|后来才知道|谁知|搞了半天)`);
// (Whatever the model reads into the words: a drill named anywhere and not denied — of 142 such
// lines in the labelled files the 3 urgent all say "不是演练" — thanks, a story from another year, and
// one flat's own outage.)
// The writer thought again ("早上起来也头疼 吓一跳 后来一寻思我家也没炉子啊 是昨晚喝多了"): the scare is over.
const THOUGHT_BETTER = /后来一(?:寻思|想|琢磨|看)|(?:一看|一问)才知道/;
function noAlarm(text: string): boolean {
  return (
    ((DRILL_ASKED.test(text) || DRILL_SAID.test(text)) && !NOT_A_DRILL.test(text)) ||
    TAKEN_FOR_DANGER.test(text) ||
    THOUGHT_BETTER.test(text) ||
    THANKS_OPENS.test(text) ||
    (PAST_STORY_OPENS.test(text) && !TURNS_TO_NOW.test(text)) ||
    // ("别人家都有电 就俺家没有": one flat off the supply — 12 of 12 such labelled requests normal.)
    ownHomeOutage(text)
  );
}
// One's own home off the supply for a reason of its own (a tripped switch, an unpaid bill, one tap):
// a repair, not the building without water or power.
const OUTAGE_WORD = /^(?:停水了|没水了|断水了|停电了|没电了|断电了|停气了|没燃气|打不着火)$/;
// Water that looks or smells wrong ("自来水发黄 还能喝吗"): a complaint for the water company, not
// danger now — unless many homes have it ("整栋都是"), which the taxonomy calls urgent. (Of the
// labelled reports that name it, 22 are normal and 7 urgent.)
const WATER_QUALITY_WORD = /^(?:水是黄|水发黄|水黄|水是黑|铁锈味|能不能喝|能喝吗|还能喝|不能喝|水发浑|水是浑|水很浑|水好浑)$/;
// Water standing on a road or at a bus stop, however deep, is the road's trouble, not a home's
// danger ("门口那条路跟河一样 公交站那边都淹了"): its flood words raise no alarm unless it reaches homes or
// someone is caught in it (the words for that — 车顶, 困 — alarm on their own).
const ON_THE_ROAD = /(?:马路|路面|路口|大道|大街|街上|街口|公交站|路上|那段路|那条路|隧道|桥洞|涵洞|人行道|门口(?:那段|那条)路?)[^。！？!?]{0,12}(?:淹|积水|水浸|浸|漫|跟河一样|成河)|(?:水浸|漫)(?:到|出|了)?[^。！？!?\s]{0,4}(?:马路|路面|路上|人行道|半条路|过道)/;
const REACHES_HOMES = /屋|家里|家门|室|户|车库|地下室|一楼|楼道|单元|店里|铺面|进门|灌进|漫进|流进/;
const FLOOD_WORD = /淹|浸|积水|水漫|漫到|倒灌/;
const HOLE_COVERED_OVER = /(?:拿|用|搁|放|扣|盖|挡|垫)[^，。！？,.!?]{0,6}(?:筐|桶|轮胎|纸箱|纸壳|木板|板子|锥桶|雪糕筒|石头|砖)[^，。！？,.!?]{0,3}(?:扣|盖|挡|围|住|着|在上面)|(?:筐|桶|轮胎|纸箱|纸壳|木板|锥桶)[^，。！？,.!?]{0,4}(?:扣着|盖着|挡着|围着)/;
const SHAKING_WORD = /震/;
const BUILDING_WORK = /打桩|工地|施工|装修/;
const SPILL_WORD = /^(?:漫到|漫进)$/;
const WATER_AROUND = /水|雨|淹|洪|浸|涝|河|潮|汤|尿|粪|油|屋|家|客厅|卧室|厨房|房间/;
const ONLY_OWN_HOME = /(?:只有|就)(?:我|俺)家(?:没|冇|不|还|是)|(?:只有|就)(?:我|俺)家$|单独(?:停|没|断)|别人家都(?:有|热|好)|其他家都有|邻居家(?:都)?有|对门(?:都)?有(?:水|电|气)|楼上楼下都有(?:水|电|气)|其他地方有|别的地方有/;
const HOUSEHOLD_OUTAGE = new RegExp(`跳闸|欠费|电费|水费|燃气费|电卡|水卡|气卡|空开|保险丝|只有我家|就我家|${ONLY_OWN_HOME.source}`);
// Only the writer's flat is out ("我家单独停电了 别人家都有电", "对门有水 就俺家没有"): no share in
// the building's outage, however alike the words.
// ("还以为就我家" says the opposite: it is not only theirs.)
export function ownHomeOutage(text: string): boolean {
  return ONLY_OWN_HOME.test(text) && !WIDE_OUTAGE.test(text) && !/以为[^，。！？,.!?\s]{0,3}(?:只有|就|单)/.test(text);
}
// Only the writer's own home named ("我家没水了", "wo jia mei shui le"): one flat, until someone
// says the building is out too.
const OWN_HOME_ONLY = /我家|俺家|我屋|我们家|咱家|额家|阿拉屋里|我哋屋企|(?<![a-z])(?:wo jia|my (?:flat|home|apartment|unit))(?![a-z])/i;
const WIDE_OUTAGE = /整栋|全楼|全小区|整个|都没|都停|都冇|成栋|成座|一片|好几户|好多家|大家/;
// The word names an event being talked about ("早上打架那事后来咋整的", "今天冒烟就是那点"), or is
// laughed off at once ("热得要着火了哈哈"): not danger being reported now.
const TALKED_ABOUT_AFTER = /^[^，。！？,.!?]{0,3}(?:那事|那件事|的事|那次|那回|就是那|后来)|^[^，。！？,.!?]{0,4}哈哈/;
// A past event in the same clause ("上周三号楼着过一次火", "去年冬天水管爆过"): not danger now.
const PAST_BEFORE = /(?:旧年|前几年|前些年|早几年|那会儿|那时候|那阵子|年年|每年|最近|前段时间|年轻时候|那年|上年|上星期|上礼拜|上个礼拜|前几天|前阵子|前些天|前些日子|那次|那回|之前|以前|去年|前年|上次|上回|上个月|小时候|当年|前天|嗰阵|嗰次|嗰年|(?:我|俺|我哋|佢)都?试过)[^，。！？,.!?]{0,10}$/;
// "昨晚三号楼停电了" is over unless something says it still is ("到现在还没来电").
const YESTERDAY_BEFORE = /(?:昨天|昨晚|昨儿|昨夜|昨日|琴日|噚日|寻日|琴晚|夜儿个)[^，。！？,.!?]{0,10}$/;
// A whole building or estate without water, power or gas, however the words are spread
// ("额们这一整栋楼从昨儿黑咧停水到现在"), or an outage where someone depends on the supply
// (坐月子, 制氧机, 才满月的伢): danger now, whichever keyword is missing.
const SCOPED_OUTAGE =
  /(?:制氧机|吸氧|呼吸机)[^。！？!?]{0,12}(?:停|断)|(?:制氧机|呼吸机)[^。！？!?]{0,16}电池[^。！？!?]{0,6}(?:得返|只剩|还剩|剩下?|撑不了|撑不到|顶不了)|(?:停|断)(?:电|了)[^。！？!?]{0,12}(?:制氧机|吸氧|呼吸机)|(?:整栋楼|整个小区|全小区|全楼|这一?栋楼|我们这栋|整幢|整座|一整栋)[^。！？!?]{0,14}(?:停水|没水|停电|没电|停气|没气|全黑|黑了|断水|断电|(?:燃气|天然气|煤气|水|电|气)(?:都|也|全|又)?(?:停|断)了)|(?:停水|没水|停电|没电|停气|断电|来电|来水)[^。！？!?]{0,36}(?:坐月子|满月|婴儿|新生儿|制氧机|吸氧|透析|洗肾|呼吸机|卧床|瘫痪)|(?:坐月子|满月|婴儿|新生儿|制氧机|吸氧|透析|洗肾|呼吸机|卧床|瘫痪)[^。！？!?]{0,16}(?:停水|没水|停电|没电|停气|断电)|(?:停水|没水|停电|没电|停气|断水|断电)[^。！？!?]{0,24}(?:整栋楼|整个小区|全小区|全楼|一整栋)/;
const STILL_NOW = /现在|还在|还没|到现在|刚刚|刚才|正在|赶紧|快来|快点|救命/;
// A facepalm or a laugh-cry sticker: the writer is embarrassed or amused, not in danger (of 337 such
// lines in the labelled files 2 are urgent, both a whole building out of water, which its own rule finds).
const LAUGHED_OFF = /\[捂脸\]|🤦|\[笑哭\]|\[破涕为笑\]|\[偷笑\]|\[旺柴\]|😅|😆/;
const CRY_WORD = /^(?:救命|快来人)$/;
// Nuisances people cry "救命" about: noise upstairs, a drill, rubbish, mosquitoes, heat and cold, a
// parcel locker, a pet, the entrance card — or the writer's temper ("我要疯了", "气死我了").
const EVERYDAY_NUISANCE = /蚊子|拖凳子|拖椅子|电钻|装修|垃圾桶|快递|外卖|猫|(?<!恶)狗(?![^，。！？,.!?\s]{0,4}咬)|热死|冻成|暖宝宝|门禁|空调|\d{2}度|要疯了|疯掉了|气死我了|烦死|(?:没|冇)睡好|睡不好觉/;
// Said in jest or called off ("开玩笑的", "哈哈哈 吓你的", "虚惊一场"): no alarm.
const JOKE = /^(?:我)?(?:讲|说)(?:个|句)(?:笑话|玩笑话?)|开玩笑|开个玩笑|逗你|吓你的|骗你的|^哈哈|哈哈哈|哈哈[!！~～。\s]*$|笑死|虚惊一场|假的啦|假警报|吓我一跳.{0,8}结果|\blol\b|😂|🤣/;
// "已经有人打119了", "消防车已经到了": help is on its way; a reply, not a new alarm.
const ALREADY_HANDLED = /已经?(?:有人)?(?:打了?|拨了?|报了?)(?:119|110|120)|(?:让|被|给)(?:120|救护车)(?:拉|接|送)走了|抢救过来了|(?:119|110|120|消防车|救护车|警察)(?:已经?|都)(?:到|来)了|已经报警了/;
// Reported as over ("…消防车来了，现在火已经灭了", "电梯困人已经放出来了", "人救出来了"): a staff or
// resident update, not danger now. Urgent words before it are discounted, and those after it unless
// something new happens ("火灭了 五楼又冒烟了" still counts).
const OVER_LATER =
  /(?:扶起来了|(?<![来去])接走了|大家(?:别|不用|莫|甭|勿要)(?:操心|担心|着急|挂念)|[，,\s]人?出来了|火(?:已经?|都|也)?(?:扑)?灭了|已经?扑灭|扑灭了|(?:救|放)(?:了)?出(?:来|嚟)了|已经?(?:被)?(?:救|放)(?:了)?出(?:来|嚟)|人?已经出来了|(?<![不没])(?<!有事)没事了?|冇事|虚惊|(?<![很好])不要紧(?!.{0,16}(?:不放心|放心不下|担心))|勿要紧|搞掂|搞定了|现在好多了|不是真|原来(?:是|系)|(?:一看|一瞅|一瞧|出去看|下去看|过去看|结果)(?:才知道)?(?:是|系)|搞错了|误会|弄明白了|早散了|就好了|(?:被|给)?(?:警察)?带走了|扶(?:回|返)(?:去|家)了|拉开了|(?:警察|保安|消防|民警|120|救护车|燃气公司|抢修)(?:的人)?(?:也|都|已经?)?(?:来了|到了|拉走了|接走了)|(?:已经?|都)(?:拆|拔)(?:掉)?了|抬上(?:救护)?车了|(?:已经?|现在)(?:在)?[^，。！？,.!?\s]{0,4}住院了|没(?:得|有)?(?:什么|啥|大)(?:问题|碍|事)|无大碍|(?:就|给|被|已经?)(?:扑|浇|踩|盖|弄|喷)?灭了|喷灭了|不是(?:着火|失火|火灾|煤气|燃气)|(?:搞|弄|查)清楚了|没(?:着|烧)起来|(?:这个|那个|刚才那?个?)(?:味道|味儿|烟|焦味)(?:就)?(?:是|系)|(?:已经?|都|全)?(?:修|换)好了|(?:冇得|没得?|没有|闻不到)(?:啥|什么)?味(?:道|儿)?了|(?:已经?|都)?被.{0,6}制止了|(?:120|救护车)[^。！？!?]{0,8}人(?:是|还|倒是|也)?清醒|已经?(?:送|拉)(?:去|到|进)?[^，。！？,.!?\s]{0,6}医院(?:了|去了)?|(?:送|拉)(?:去|到)?[^，。！？,.!?\s]{0,6}医院了)(?![吗没么?？])/;

/**
 * Urgent words that mean something harmless next to certain neighbours: "出不来水" is an outage,
 * not someone trapped; "暖气烧起来了" is the heating coming on; "锅烧起来再放油" is cooking.
 * ("电瓶车烧起来了", "油锅烧起来了" stay urgent.)
 */
// "热得要着火了", "气得冒烟", "急得冒火": a figure of speech for heat or temper, not a fire.
const FIGURE_OF_SPEECH = { before: /[热气急晒烫辣忙馋燥闷][得的到]?(?:都|要|快|快要|就要)?$/ };
// "闷得喘不过气", "累得喘不上气", "臭得喘不上气": stuffy, tired or a stench, not breathless from smoke or illness.
const STUFFY = { before: /[闷热累忙憋压气挤臭熏][得的到](?:人|我|俺)?(?:都|能|要|快|快要|直|就){0,2}$/ };
// "臭得人都要晕过去": a stench said strongly, no one fainting (heat that fells someone is no figure of speech).
const STENCH = { before: /[闷臭熏][得的到](?:人|我|俺)?(?:都|能|要|快|快要|直|就){0,2}$/ };
// A street under water that "has not come into the houses" (不过未入屋): no home flooded.
const NOT_INTO_HOMES = { after: /^[^。！？!?]{0,12}(?:未|没|冇|没有)(?:入屋|进屋|进家|淹到屋|进到屋)/ };
// A stroke long past ("中风以后一直躺在床上" asks for care): not one happening now.
// ("老伴中风了 瘫在床上 能不能申请个护理补贴": a stroke long since, asked about for care.)
const LONG_PAST = {
  // (a disability card asked about is for a stroke long past: "申请残疾证 佢中风咗行唔到")
  before: /(?:残疾证|评残)[^。！？!?]{0,10}$/,
  after: /^(?:以后|之后|后|过|好几年|几年|后遗症)|^[^。！？!?]{0,12}(?:瘫在床|在床上|卧床|半边不能动|护理|补贴|居家养老|上门|残疾证|评残)/,
};
const NOT_URGENT_HERE: Record<string, { before?: RegExp; after?: RegExp }> = {
  // "打着火" is an engine started (a car idling at the door), not a fire
  // ("还带着火" is a cigarette end still lit)
  着火: { before: new RegExp(`${FIGURE_OF_SPEECH.before.source}|打$|带$`) },
  // knocking down a wall or tiles in a renovation ("晚上八点了还在砸墙"): noise, not smashing things
  在砸: { after: /^(?:墙|地|地砖|瓷砖|砖)/ },
  // the flat upstairs dragging chairs and banging every night ("楼上天天晚上…砸东西 咚咚咚"): noise, not violence
  砸东西: { before: /(?:天天|每天|每晚|夜夜|经常|老是|成天)[^，。！？,.!?]{0,14}$/ },
  // a bus-stop sign or a tree lying on the ground is a thing, not a person down
  倒在地上: { before: /(?:站牌|牌子|广告牌|招牌|树|杆|桶|车|架子|柜|箱|栏杆|围挡)[^，。！？,.!?\s]{0,4}$/ },
  冒烟: FIGURE_OF_SPEECH,
  // a welder's sparks on a rooftop shed, a carbon-monoxide alarm asked about: no fire, no poisoning
  火星: { before: /(?:电焊|焊)[^，。！？,.!?\s]{0,3}$/ },
  冒火星: { before: /(?:电焊|焊)[^，。！？,.!?\s]{0,3}$/ },
  一氧化碳: { after: /^(?:报警器|检测仪|探测器)(?![^，。！？,.!?\s]{0,4}(?:响|叫))/ },
  '冒*烟': FIGURE_OF_SPEECH,
  // cooking fumes from a stall or a kitchen drifting in: a nuisance, not a fire
  '烟*飘进': { before: /油$/ },
  '烟*进屋': { before: /油$/ },
  '烟*飘到*屋里': { before: /油$/ },
  喘不过气: STUFFY,
  喘不上气: STUFFY,
  透不过气: STUFFY,
  晕过去: STENCH,
  // the dinner burnt ("红烧肉烧焦脱", "饭烧糊了"): a kitchen mishap, not a fire
  烧焦: { before: /(?:肉|菜|饭|锅|鱼|饼|粥|汤|面)[^，。！？,.!?\s]{0,2}$/ },
  烧糊: { before: /(?:肉|菜|饭|锅|鱼|饼|粥|汤|面)[^，。！？,.!?\s]{0,2}$/ },
  // a downpipe (落水管), walls blistering (起泡了), cooking fumes pouring in: no one in the water,
  // nothing soaked, no smoke of a fire
  落水: { after: /^管/ },
  水浸: NOT_INTO_HOMES,
  进水了: NOT_INTO_HOMES,
  水管爆: { before: /落$/ },
  // "起泡了" is a blister; "死老鼠泡了好几天了" has lain in the water for days — no flood now.
  // …nor is a home soaked days ago asked about for aid or damages ("被水泡了的低保户有冇么子补助").
  泡了: { before: /起$/, after: /^[^，。！？,.!?\s]{0,2}(?:好几天|几天|好多天|一个?礼拜|一个?星期|半个月|一个?月|好久)|^[^。！？!?]{0,10}(?:补助|补贴|救济|赔偿|安置)/ },
  往家里灌: { before: /(?:油烟|烟味|味道|臭味|灰)$/ },
  // rubbish juice ("汤汤水水流了一地") is no flood
  水流了一地: { before: /汤$/ },
  中风: LONG_PAST,
  脑梗: LONG_PAST,
  心梗: LONG_PAST,
  // a car or a lighter that will not start: not a gas outage
  打不着火: { before: /(?:车|摩托|发动机|打火机|火机|热水器|烧水器)[^，。！？,.!?\s]{0,3}$/ },
  // cats fighting, a smoke alarm's battery: not people in danger, not a power cut
  打架: { before: /(?:猫|狗|鸟|鸡|猫咪|狗狗)[^，。！？,.!?\s]{0,3}$/ },
  没电了: { before: /(?:报警器|电池|手机|遥控器|门锁|电子锁|电动车|电瓶|灯|手电|充电宝|电脑|车|燃气表|气表|水表|血压计|秤)[^，。！？,.!?\s]{0,6}$/ },
  都没电: { before: /(?:电池|手机|遥控器|血压计|充电宝|电瓶|燃气表|气表|水表)[^，。！？,.!?\s]{0,4}$/ },
  // (…nor a car that cannot get in or out past the stalls: "车进不去也出不来")
  出不来: { before: /(?:水|热水|自来水)$|车[^，。！？,.!?\s]{0,5}$/, after: /^(?:水|热水)/ },
  烧起来: {
    before: /(?:暖气|暖气片|地暖|锅炉|供暖|炕)[^，。！？,.!?\s]{0,4}$/,
    // only a pan heating up with a cooking step after it; "锅烧起来了 快来" stays urgent
    after: /^(?:了)?(?:再|就|后|之后|以后)?(?:放油|倒油|下油|下锅|放菜|下菜|炒|爆香)/,
  },
};

/**
 * A keyword from config. "*" stands for up to three characters of the same clause, so that
 * "拿*刀" also meets "拿着刀" and "拿了把刀".
 */
interface CompiledKeyword {
  word: string;
  weight: number;
  pattern: RegExp;
}

interface CompiledCategory {
  code: string;
  keywords: CompiledKeyword[];
  /** Matches where any of the keywords would: most messages name none, and one test says so. */
  any: RegExp;
}

/** One pattern for a list of keywords: no match means none of them matches. */
function anyOf(words: CompiledKeyword[]): RegExp {
  return words.length ? new RegExp(words.map((w) => `(?:${w.pattern.source})`).join('|')) : /(?!)/;
}

export interface KeywordRules {
  analyze(input: ClassifyInput): RuleAnalysis;
  /** Category codes in config order. */
  readonly categoryCodes: readonly string[];
}

function keywordWeight(word: string): number {
  // Longer keywords are more specific: "电动车充电" says more than "吵".
  const n = [...word.replace(/\*/g, '')].length;
  return n <= 1 ? 0.6 : n === 2 ? 1 : n === 3 ? 1.4 : 1.7;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function compileWords(words: readonly string[]): CompiledKeyword[] {
  const set = new Set(
    words.map((w) => w.split('*').map((part) => normalizeText(part)).join('*')).filter((w) => w.replace(/\*/g, '').length > 0),
  );
  return [...set]
    .sort((a, b) => b.length - a.length)
    .map((word) => ({
      word,
      weight: keywordWeight(word),
      pattern: new RegExp(
        word
          .split('*')
          .filter((p) => p.length > 0)
          .map(escapeRegExp)
          .join('[^，。！？,.!?\\s]{0,3}'),
        'g',
      ),
    }));
}

// "人救出来了 电梯困人那个" — the news that it is over comes first; "火灭了 五楼又冒烟了" is new danger.
function overBefore(prefix: string): boolean {
  const over = new RegExp(OVER_LATER.source, 'g');
  let lastEnd = -1;
  for (let m = over.exec(prefix); m; m = over.exec(prefix)) lastEnd = m.index + m[0].length;
  // ("人没事体，就是水越来越大": the person is fine, the water is not.)
  return lastEnd >= 0 && !/又|还|再|另|越来越|但是|可是|就是/.test(prefix.slice(lastEnd));
}

function harmlessHere(word: string, before: string, after: string): boolean {
  const rule = NOT_URGENT_HERE[word];
  if (!rule) return false;
  if (rule.before?.test(before)) return true;
  if (!rule.after?.test(after)) return false;
  // "锅烧起来" counts as cooking only with a cooking step after it
  return word !== '烧起来' || /锅$/.test(before);
}

// "敲门没人应" is an alarm about a person (an old neighbour who does not answer), not about the
// flat upstairs that leaks and will not open: it counts only with a person in the message.
const NEEDS_A_PERSON = /^(?:敲门\*没人应|敲门\*没应|敲门没反应)$/;
const PERSON = /老人|独居|一个人住|儿女|两天|三天|阿姨|大爷|大妈|奶奶|爷爷|老太|老头|老伯|阿婆|婆婆|好几天|几天没|电话打不通|没人接|不舒服|生病/;

// The same in English, where the clause is longer: "what if there's a fire", "there was a fire in
// block 3 last year", "stuck in the lift lol jk". ("can someone check if…" is still a question.)
const EN_NOT_NOW_BEFORE =
  /(?:^|[^a-z])(?:what if|(?<!(?:check|see|sure|wonder|know|ask|asking|tell me) )if|in case|unless|whenever|in the event|imagine|used to|last (?:week|month|year|time|winter|summer)|(?:days?|weeks?|months?|years?) ago)(?![a-z])[^.!?;]{0,40}$/;
const EN_NOT_NOW_AFTER =
  /^[^.!?;]{0,40}?(?:(?<![a-z])(?:last (?:week|month|year|time|winter|summer)|(?:days?|weeks?|months?|years?) ago|back in (?:19|20)\d\d|lol|lmao|jk|haha+|just kidding)(?![a-z]))/;
const LATIN_WORDS = /[a-z]{2,} [a-z]{2,}/;

/** Is the urgent word at [at, end) negated, hypothetical, past, planned, over or harmless here? */
function discountedAt(text: string, at: number, end: number, word: string): boolean {
  const before = text.slice(Math.max(0, at - 8), at);
  const longBefore = text.slice(Math.max(0, at - 16), at);
  const after = text.slice(end, end + 10);
  const longAfter = text.slice(end, end + 16);
  return (
    HYPOTHETICAL.test(before) ||
    PAST_BEFORE.test(longBefore) ||
    FUTURE_BEFORE.test(longBefore) ||
    (YESTERDAY_BEFORE.test(longBefore) && !STILL_NOW.test(text)) ||
    CONDITIONAL.test(longBefore) ||
    (CONDITION_OPENS.test(text.slice(Math.max(0, at - 30), at)) && WHAT_TO_DO_AT_END.test(text)) ||
    (REALLY_BEFORE.test(before) && REALLY_CONSEQUENCE.test(longAfter)) ||
    PAST_OR_DONE.test(after) ||
    WHAT_TO_DO_AFTER.test(after) ||
    TALKED_ABOUT_AFTER.test(after) ||
    HYPOTHETICAL_AFTER.test(after) ||
    OVER_LATER.test(text.slice(end)) ||
    overBefore(text.slice(0, at)) ||
    harmlessHere(word, longBefore, after) ||
    (LATIN_WORDS.test(text) && (EN_NOT_NOW_BEFORE.test(text.slice(Math.max(0, at - 60), at)) || EN_NOT_NOW_AFTER.test(text.slice(end, end + 60))))
  );
}

// A son or daughter far away who cannot reach their parent here ("我是刘德福闺女 在深圳 俺爸电话也打不通"):
// nobody else is looking, so danger until someone has been to see.
/** "我是7栋601刘素芬的女儿": the writer says whose child they are (also read by conversation understanding). */
export const WHOSE_CHILD = /(?:我|俺)是[^，。！？,.!?\s]{0,16}(?:闺女|女儿|儿子|儿媳|女婿|孙女|孙子|外孙|侄子|侄女|家属)/;
const FAR_AWAY_UNREACHABLE = new RegExp(
  `(?:${WHOSE_CHILD.source}|(?:我|俺|人)(?:在|喺)(?:外地|外省|外面|国外|上海|北京|深圳|广州|杭州|南京|武汉|成都|重庆|天津|苏州|东莞|长春|沈阳|哈尔滨|大连|西安|郑州|长沙|济南|青岛|昆明|南宁|福州|厦门|合肥|南昌|贵阳|太原|石家庄|兰州|打工))[^。！？!?]{0,30}(?:爸|妈|老汉|爹|娘|老人|老爷子|老太太|奶奶|爷爷|外婆|外公|阿婆|阿公|婆婆|公公|姥姥|姥爷)[^。！？!?]{0,20}(?:打不通|没人接|冇人接|冇人听|没人听|(?:冇|没|唔|不)听电话|联系不上|没人应|都不接|也不接|都没接|不接电话|都不回)`,
);
// Someone living alone who is unwell or cannot be reached, or someone unwell who then stops
// answering: however it is worded, danger now.
const ALONE_UNREACHABLE =
  /(?:独居|一个人住|一个人在(?:家|屋头|屋里|屋)|孤寡|空巢)[^。！？!?]{0,30}(?:没人接|冇人接|冇人听|没人听|(?:冇|没|唔|不)听电话|無人聽|打不通|联系不上|没人应|不应|(?:都|也|就|一直|还是)不接|没接|没开门|没动静|不舒服|发烧|起不来|下不了楼|晕)|(?:没人接|打不通|联系不上|没人应|没开门|不舒服|发烧|起不来)[^。！？!?]{0,20}(?:独居|一个人住|一个人在家)|(?:头晕|不舒服|发烧|生病|胸闷|胸口疼|摔)[^。！？!?]{0,30}(?:没人接|打不通|联系不上|没人应|没开门|没动静)/;

// Something has just come down from a height and more is hanging loose ("外墙瓷砖刚掉了一块 上面还有
//几块在晃"): the next piece can fall on someone now.
const FALLEN_AND_MORE =
  /(?:刚刚|刚才|啱啱|又|已经)[^。！？!?，,\s]{0,3}(?:掉|跌|落)(?:了|咗)?[^。！？!?]{0,3}(?:下来|落嚟|落来|一块|一片|几块)[^。！？!?]{0,30}(?:还有|仲有|上面|上头)[^。！？!?]{0,8}(?:晃|吊|挂|悬|快(?:要)?(?:掉|跌)|要(?:掉|跌))/;

// Thrown from above and already landed beside someone: over, unless it is still going on or the
// building itself is coming apart (tiles, render, ice, glass — more may follow).
const THROWN = /扔|丢|甩|掼|抛|高空|楼上掉|掉下来/;
const LANDED_NEAR = /差点|差一点|脚边|旁边/;
const STILL_THROWING = /还在|在往下|一直|不停|又在|正在|接着|瓷砖|外墙|墙皮|冰溜|冰棱|玻璃|松/;
const THROWN_WORD = /^(?:扔\*花盆|丢\*花盆|甩\*花盆|花盆\*砸|扔\*酒瓶|丢\*酒瓶|甩\*酒瓶|砸到人|砸着人|砸到孩子)$/;
function landedNearMiss(text: string): boolean {
  return THROWN.test(text) && LANDED_NEAR.test(text) && !STILL_THROWING.test(text);
}

// An old neighbour not seen for days ("孙大娘俩天没见着人了", "刘奶奶两天没见下楼了"): danger until someone
// has been to see (7 of 7 labelled lines).
const NOT_SEEN_FOR_DAYS = /(?:两|俩|几|[二三四五])天(?:都)?没(?:见|看到|看见|瞅见|瞧见|见着)(?:着)?(?:人(?![来拉收管修清扫处理弄])|下楼|出门|出来|动静)/;
// Headache and nausea beside a coal stove, a flue or a gas boiler ("头晕恶心…壁挂炉的烟道管让风刮歪了"): carbon
// monoxide, whatever the writer calls it.
export const COAL_STOVE_SYMPTOMS =
  /(?:头疼|头痛|脑袋疼|头晕|恶心|想吐|迷糊)[^。！？!?]{0,30}(?:炉子|煤炉|烧煤|压的煤|烟筒|烟囱|火炉|煤烟|烟道|壁挂炉|热水器)|(?:炉子|煤炉|烧煤|压的煤|烟筒|烟囱|火炉|煤烟|烟道|壁挂炉|热水器)[^。！？!?]{0,30}(?:头疼|头痛|脑袋疼|头晕|恶心|想吐|迷糊)/;
// Someone standing at a roof's edge, a person sitting out in the cold not moving, a gas bottle that smells.
const AT_THE_EDGE = /(?:站|坐|蹲)(?:在)?[^，。！？,.!?\s]{0,4}(?:女儿墙|天台边|楼顶边|房檐边|栏杆外)|(?:老人|老爷子|老太太|大爷|大娘|老头|老太)[^。！？!?]{0,12}(?:半天没动|一动不动)|(?:煤气罐|液化气罐)[^，。！？,.!?]{0,8}味/;

// A child left alone and crying ("孩子从中午哭到现在 一直喊妈妈 家里就他自己"): danger now, in any order.
// (…or in a parked car, crying or shut in with no adult about: "后座有个细路女喺度喊，车熄咗火窗关晒",
// "后座好像有个小孩在睡觉 窗户关着 没见大人", 6 of 6 labelled requests urgent; or locked in a room:
// "俺孙子把自己反锁卫生间里了".)
const CHILD_ALONE =
  /哭[^。！？!?]{0,24}(?:家里就(?:他|她|孩子|娃)|家里没(?:有)?大人|没(?:有)?大人在|一个人在家|自己在家)|(?:家里就(?:他|她|孩子|娃)|家里没(?:有)?大人|一个人在家|自己在家)[^。！？!?]{0,16}哭|(?:车里|车内|后座)[^。！？!?]{0,10}(?:细路|小孩|孩子|娃|BB|bb|宝宝|婴儿)[^。！？!?]{0,16}(?:哭|喊|叫|拍|窗(?:户)?(?:都)?关|没(?:见|看到|看见|瞧见)?(?:有)?大人|熄(?:着|咗)?火)|(?:孙子|孙女|孩子|小孩|娃|儿子|女儿|闺女|宝宝)[^。！？!?]{0,6}反锁/;
// …or shut in alone with the key inside or the door blown shut, in either order ("门被风一带关了 娃娃一个人在屋头 两岁多
// 钥匙在里面").
const CHILD_HOME_ALONE = '(?:孩子|小孩|娃|伢|崽|细路|宝宝|孙子|孙女)[^。！？!?]{0,8}(?:一个人|自己)在(?:家|屋)';
const SHUT_OUT = '(?:钥匙[^。！？!?]{0,4}(?:在)?(?:里面|里头|家里|屋里)|进不去|门[^。！？!?]{0,6}(?:关|锁|带)(?:上|住)?了)';
const CHILD_SHUT_IN = new RegExp(`${CHILD_HOME_ALONE}[^。！？!?]{0,30}${SHUT_OUT}|${SHUT_OUT}[^。！？!?]{0,30}${CHILD_HOME_ALONE}`);

// A child missing now: an age and "gone" in one breath ("找人！6岁 穿红衣服 半个钟头前不见了").
const MISSING_CHILD =
  /(?:找人|走丢|走失|不见了|找不到|寻人)[^。！？!?]{0,30}(?:\d{1,2}|[一二三四五六七八九十])岁|(?:\d{1,2}|[一二三四五六七八九十])岁[^。！？!?]{0,30}(?:不见了|走丢|走失|找不到)/;

// An old person who gets confused, gone out and not back ("早上出去遛弯到现在没回来 他有点老年痴呆"), either
// order; not a worry ("我怕他走丢了") or a tracker ("防走失手环").
const CONFUSED = '(?:老年痴呆|老人痴呆|痴呆|糊涂|认不得路|不认得路|不认路|阿尔茨海默|脑子不清)';
const GONE_OUT = '(?:没回来|没回家|没回屋|冇返|未返|找不到了|(?<![防怕他她])(?:走丢|走失)|不见了)';
const MISSING_ELDER = new RegExp(`${CONFUSED}[^。！？!?]{0,30}${GONE_OUT}|${GONE_OUT}[^。！？!?]{0,30}${CONFUSED}`);

// A lift stopped with someone in it, however it is said ("电梯停在5楼和6楼中间不动了 里面有人",
// "卡咗喺8樓 入面有個婆婆"): someone trapped.
// A slope or retaining wall giving way by the hour ("挡土墙…有条缝…好像比早上宽了", "护坡的土在往下滑",
// "还在往下掉泥巴"): the building below is in danger now, however calmly it is told. (A crack wider
// than last year, mud that keeps falling after rain: a repair — the writers label those normal.)
const SLOPE_GIVING_WAY =
  /(?:挡土墙|护坡|边坡|山坡|后山|山体|堡坎|保坎|坡(?!道|路))[^。！？!?]{0,40}(?:比(?:早上|上午|中午|下午|刚才|昨天|昨晚)[^，。！？,.!?\s]{0,2}宽|越来越宽|又宽了|往下滑|往下梭|掉石头|石头[^，。！？,.!?\s]{0,3}往下|还在(?:往下)?掉|滚到|(?:鼓|凸)(?:了|起来|出来)[^。！？!?]{0,12}(?:屋|家|房子)[^。！？!?]{0,4}(?:在|就在)?(?:下面|底下|下边))/;
// Something overhead coming loose now: the facade that has dropped pieces with more still loose above
// ("瓷砖掉了好几块…上头还有几块翘着", 12 of 13 labelled requests urgent), or roof and facade sheets the
// wind has lifted ("保温板被风掀起来一大片 呼啦呼啦的", 9 of 10).
const LOOSE_OVERHEAD =
  /(?:瓷砖|墙皮|外墙|保温|砖|板子|玻璃|广告牌|招牌)[^。！？!?]{0,40}(?:上面|上头|上边|仲有|还有)[^，。！？,.!?]{0,6}(?:几块|一块|好几块|几片|一片)[^，。！？,.!?]{0,6}(?:翘|松|响|晃|吊|悬|要掉|快掉|就快跌|随时)|(?:保温|外墙|彩钢|铁皮|顶棚|雨棚|屋顶)[^。！？!?]{0,12}(?:掀起|掀开|掀翻|刮起来|翻起来)/;
// Smoke thick indoors ("9楼好多烟 楼梯间看不清下不去"): a fire somewhere in the building, however it is put —
// not the smell a restaurant's flue leaves in a flat ("熏得屋里全是烟味").
const SMOKE_INDOORS =
  /(?:楼道|楼梯间?|走廊|屋里|家里|电梯|\d+楼)[^。！？!?]{0,6}(?:好多烟|好大烟|全是烟|都是烟|满是烟|烟好大|烟很大)(?!味)|(?:好多烟|全是烟|都是烟)[^。！？!?]{0,10}(?:看不清|下不去|出不去|呛)/;
// Water coming through a light fitting ("顺着吊灯往下流了 灯还亮着", "灯座里往下流"): water and the mains
// together (26 of 28 labelled requests urgent).
// …or reaching a lamp, a socket or the meter box ("滴到吊灯上了 灯都在闪", "顺到插座那点了", 11 of 11 labelled requests urgent).
const WATER_THROUGH_LIGHT =
  /灯[^。！？!?\s]{0,6}(?:往下流|流水|在滴|滴水|往下淌|进水|往下滴|在流|淌水)|顺着[^。！？!?\s]{0,3}灯|(?:滴|流|淌|顺|漏|渗)(?:到|进|着)[^。！？!?\s]{0,3}(?:吊灯|灯座|灯头|灯上|插座|插头|开关|电表|电箱)/;
// …or a fallen wire lying in water or hanging to the ground ("电线杆上那根线掉下来了 一头搭在积水里",
// "电线垂到路边 小孩上学要经过"; 7 of 7 labelled requests urgent).
const FALLEN_WIRE =
  /(?:电线|电缆)[^，。！？,.!?]{0,10}(?:掉|断|耷拉|垂|落)(?:下来|到|在)?[^。！？!?]{0,10}(?:地上|路上|路边|路面|人行道|地面)|(?:电线|电缆|(?<![网数据充耳鱼钓晾])线)[^，。！？,.!?]{0,10}(?:掉|断|耷拉|垂|落)[^。！？!?]{0,16}(?:积水|水里|水中|水坑|泡在水)|(?:积水|水里|水坑)[^。！？!?]{0,12}(?:(?:电线|电缆)[^，。！？,.!?]{0,6}(?:掉|断|耷拉|垂|泡)|(?:掉|断|耷拉|垂|泡)[^。！？!?]{0,6}(?:电线|电缆))/;
// A child outside a window, on the air-conditioner unit or the ledge ("窗户外头站了个娃娃 踩到空调外机上",
// 5 of 5 labelled requests urgent), in either order.
const CHILD_OUTSIDE_WINDOW =
  /(?:娃|孩|小朋友|崽|伢|细路)[^。！？!?]{0,16}(?:窗(?:户|子|台)?外|空调外机|外机上|空调架)[^。！？!?]{0,6}(?:站|坐|爬|踩|蹲)|(?:窗(?:户|子|台)?外|空调外机|外机上|空调架)[^。！？!?]{0,8}(?:站|坐|爬|踩|蹲)[^。！？!?]{0,4}(?:娃|孩|小朋友|崽|伢|细路)|(?:娃|孩|小朋友|崽|伢|细路)[^。！？!?]{0,6}(?:站|坐|爬|踩|蹲)[^。！？!?]{0,6}(?:窗(?:户|子|台)?外|空调外机|外机上|空调架)/;
// Blood on someone ("头上流血了", "脸上都是血", "帽子上有血"): hurt now (30 of 30 labelled requests urgent).
const BLEEDING = /(?:头上|脸上|帽子上|身上|满脸|满头|腿上|手上|额头|脑门|鼻子)[^，。！？,.!?\s]{0,3}(?:有|都是|全是|淌|流|在流|冒|出)血/;
// Flood water climbing to the doors ("刚才还在台阶下面，现在上到第二级了", "漫过门槛"): homes next.
const WATER_AT_THE_DOOR = /水[^。！？!?]{0,30}(?:上到|漫到|涨到|淹到|漫过|没过)(?:第[一二两三四五\d]级|门口|门槛|台阶|家门)/;
// Someone named stuck in a lift ("我女儿在4栋2单元的电梯里 …电梯卡住不动了"), or a lift with someone inside.
const LIFT_WITH_PERSON =
  /电梯[^。！？!?]{0,40}(?:里头|里面|里边)有人(?:在)?(?:拍|敲|喊)|电梯里(?:好像|可能|估计|应该|是不是)?(?:还)?有人[^。！？!?]{0,30}(?:拍|敲|喊)|(?:女儿|儿子|闺女|孩子|小孩|娃|孙子|孙女|老人|我妈|我爸|老娘|老爸|爷爷|奶奶|外婆|外公|婆婆|老公|老婆|媳妇)(?:现在|还|一个人)?(?:在|困在|关在|卡在)[^。！？!?\s，,]{0,12}电梯(?:里|里面|里头|里边)[^。！？!?]{0,30}(?:卡住|困住|停住|不动|出不来|打不开)|电梯(?:[^。！？!?]{0,40}(?:里面|里头|里边|入面|轿厢里)|里)(?:好像|好似|像是|感觉)?(?:还)?(?:有|困着|关着|卡着)(?:一个|两个|几个|个)?(?:人|老人|孩子|小孩|娃|婆婆|阿婆|老太太?|大爷|阿伯|伯伯|孕妇)(?=$|[\s，。！？,.!?~]|在?(?:喊|叫|哭|拍|按|敲|呼救|出不来|被困|困)|吗|呢|啊|呀|了)/;

// A lift said to have someone shut in it ("3号梯关人了", "电梯里困着人").
const LIFT_SHUT_IN = /(?:电梯|轿厢|梯)[^。！？!?\s]{0,8}(?:关人|困人|关[了着到咗]人|困[了着住]人)/;
/** Someone shut in a lift, in the rules' words: named or heard inside, or the lift "关人/困人". */
export function someoneInALift(text: string): boolean {
  return LIFT_WITH_PERSON.test(text) || LIFT_SHUT_IN.test(text);
}

// The damage being settled afterwards ("地板泡了得重铺 这损失找谁", "车浸咗 保险公司要证明",
// "冰箱东西全化了 物业赔不赔"): a claim about what happened, not danger now — unless the message
// says it is still going on.
const CLAIM = /赔偿|补偿|赔不赔|能不能赔|能赔吗|谁来?赔|谁给赔|找谁赔|哪个(?:来)?赔|要不要负责|负不负责|该谁负责|(?:要|找|叫|让)[^，。！？,.!?\s]{0,4}赔|损失|保险公司|理赔|车险|(?:开|出)(?:个|张|一个|一张)?证明|受灾补贴|重铺|维修费|修理费|谁出钱|给个说法/;
const STILL_GOING = /还在|正在|赶紧|快来|快点|救命|越来越|不停|一直在/;
// What the water has already done ("储藏室的门都泡变形了", "吊顶泡鼓了", "地板泡了一夜"): damage to
// mend, not water to stop (46 labelled lines, none urgent) — unless the message says it goes on
// ("书快泡烂了" is still soaking).
const SOAKED_THROUGH = /(?<![灯快要就])泡(?:了?(?:一夜|一宿|一晚上?|一天|两天|好几天)|变形|坏|烂|发了|胀|鼓)/;

/** Damage being settled after the event (compensation, insurance, a certificate, repairs to pay for). */
export function claimsAfterTheFact(text: string): boolean {
  return CLAIM.test(text) && !STILL_GOING.test(text);
}

/** The urgent signal and whether one of the danger patterns above found it (else an urgent keyword). */
interface UrgentFinding {
  signal: string;
  byPattern: boolean;
}

function findUrgent(text: string, words: CompiledKeyword[], anyWord: RegExp, landed: boolean, laughedOff: boolean): UrgentFinding | null {
  if (SAFETY_TIP.test(text)) return null;
  if (claimsAfterTheFact(text)) return null;
  if (SOAKED_THROUGH.test(text) && !STILL_GOING.test(text)) return null;
  const household = (HOUSEHOLD_OUTAGE.test(text) || OWN_HOME_ONLY.test(text)) && !WIDE_OUTAGE.test(text);
  const roadWater = ON_THE_ROAD.test(text) && !REACHES_HOMES.test(text);
  for (const rule of [SCOPED_OUTAGE, ALONE_UNREACHABLE, FAR_AWAY_UNREACHABLE, FALLEN_AND_MORE, MISSING_CHILD, MISSING_ELDER, CHILD_ALONE, CHILD_SHUT_IN, NOT_SEEN_FOR_DAYS, COAL_STOVE_SYMPTOMS, AT_THE_EDGE, LIFT_WITH_PERSON, SLOPE_GIVING_WAY, LOOSE_OVERHEAD, WATER_AT_THE_DOOR, WATER_THROUGH_LIGHT, FALLEN_WIRE, CHILD_OUTSIDE_WINDOW, BLEEDING, SMOKE_INDOORS]) {
    const hit = rule.exec(text);
    if (!hit) continue;
    const end = hit.index + hit[0].length;
    // A whole building's outage announced for tomorrow ("制氧机的 明天停电停到12点"), or asked how far it
    // reaches ("停水是整个小区都停还是就前面几幢"): no outage now that the rule would alarm about.
    const announcedOrAsked = rule === SCOPED_OUTAGE && (FUTURE_IN_SPAN.test(hit[0]) || asksHowFar(text, end));
    if (!announcedOrAsked && !discountedAt(text, hit.index, end, '')) return { signal: hit[0].slice(0, 12), byPattern: true };
  }
  // (The rules above still hold: "成栋楼冇水冲厕所[捂脸]" is a whole building without water.)
  if (!anyWord.test(text) || laughedOff) return null;
  for (const { word, pattern } of words) {
    if (NEEDS_A_PERSON.test(word) && !PERSON.test(text)) continue;
    if (household && OUTAGE_WORD.test(word)) continue;
    // "井盖没了 就拿个破筐扣着": a missing cover someone has already covered over — a hazard to fix,
    // not an emergency (the labelled reports say so five times in six).
    if (word.includes('井盖') && HOLE_COVERED_OVER.test(text)) continue;
    // A building shaking under a pile driver is a noise complaint.
    if (SHAKING_WORD.test(word) && BUILDING_WORK.test(text)) continue;
    // "都漫到路上了 风一刮塑料袋满院子飞": rubbish spilling over, not water — unless water or a home
    // is named ("已经漫到客厅了").
    if (SPILL_WORD.test(word) && !WATER_AROUND.test(text)) continue;
    if (WATER_QUALITY_WORD.test(word) && !WIDE_OUTAGE.test(text)) continue;
    if (roadWater && FLOOD_WORD.test(word)) continue;
    if (landed && THROWN_WORD.test(word)) continue;
    // "救命 我孙子把我手机整成英文的了[捂脸]", "又是37度 救命咯": a cry for help about nothing much.
    if (CRY_WORD.test(word) && /救命[咯啰喽哦噢吧]/.test(text)) continue;
    // "救命！！！楼上又在拖凳子", "热死人了救命", "消防通道是救命的": a cry about an everyday nuisance, or no cry.
    if (word === '救命' && (EVERYDAY_NUISANCE.test(text) || /救命的/.test(text))) continue;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      const at = m.index;
      const end = at + m[0].length;
      // "花盆…哪天掉下来砸到人": a condition inside the words' own span.
      const discounted =
        discountedAt(text, at, end, word) || (word.includes('*') && SPAN_CONDITION.test(m[0])) || (WHOLE_PLACE_WORD.test(word) && asksHowFar(text, end));
      if (!discounted) return { signal: word, byPattern: false };
      pattern.lastIndex = at + 1;
    }
  }
  return null;
}

// "您反映的电梯问题已报给物业" / "你投诉的事已转城管" is staff answering a report, not one.
const STAFF_ANSWERING_REPORT =
  /(?:您|你|大家|居民|业主)(?:们)?(?:所|之前|上次|昨天|前天)?(?:反映|投诉|举报|报修|求助)(?:的|过的)[^?？]{0,40}?(?:已(?:经)?(?:报给|报|转|安排|通知|联系|上报|派|处理|反馈|记录|交给|登记)|正在(?:处理|协调|联系)|我们(?:会|已|马上|正在))/;
const STAFF_ANSWER_WORD = /(?:反映|投诉|举报|报修|求助)(?:的|过的)/g;

// "大家也可以拨打12345投诉" tells people where to complain; it is not a complaint.
const INSTRUCTING = /(?:可以|拨打|请|欢迎|已经|已|向.{1,8})[^，。！？,.!?]{0,6}$/;

function saysForceWord(text: string, word: string): boolean {
  let from = 0;
  while (from <= text.length) {
    const at = text.indexOf(word, from);
    if (at < 0) return false;
    if (!INSTRUCTING.test(text.slice(Math.max(0, at - 10), at))) return true;
    from = at + 1;
  }
  return false;
}

function isSmallTalk(core: string): boolean {
  if (core.length === 0 || core.length > 14) return false;
  let rest = core.replace(/\s+/g, '');
  for (const w of SMALL_TALK_WORDS) rest = rest.split(w).join('');
  // A name after thanks ("谢谢小王", "谢谢马哥") is still thanks.
  return rest.length === 0 || (rest.length <= 3 && /^(?:谢|感谢|辛苦|收到|好)/.test(core));
}

// What is left of "我电话 138 0013 8000" or "有事打我 一三八…" once the number is taken out.
const NUMBER_CHARS = /[\d\s\-.+()（）一二三四五六七八九零〇幺壹贰叁肆伍陆柒捌玖两，,。：:]/g;
// The words around a number: "我电话是…", "有事可以打我电话…", "麻烦回个电话".
const CONTACT_TAIL =
  '(?:我的?|俺的?|本人的?|我家)?(?:电话|手机|手机号|号码|联系电话|联系方式)?(?:是|为)?(?:有事|有消息|有情况)?(?:可以|请|麻烦)?(?:打我|打我电话|联系我|回个?电话|给我回个?电话|打这个)?(?:电话|手机)?';
const CONTACT_WORDS = new RegExp(`^${CONTACT_TAIL}$|^(?:call me|my (?:number|phone|mobile)(?: is)?|call me on|tel)$`, 'i');

// "我是15号楼一单元302的周建国 有事可以打我电话139…", "6号楼4单元1102 杨大庆 电话一八六…": who is
// writing and where, then the number — said after one's report (the labels put 100 such lines in the
// report before them), or given when staff ask for it.
const PLACE_UNIT = /号楼|栋|幢|座|单元|室|号|楼|层/g;
const WHO_AND_NUMBER = new RegExp(`^(?:(?:我|俺)(?:是|叫)|本人|地址是?)?的?[\\u4e00-\\u9fa5]{2,4}?的?${CONTACT_TAIL}$`);

function contactOnly(core: string): boolean {
  const rest = core.replace(NUMBER_CHARS, '');
  if (CONTACT_WORDS.test(rest)) return true;
  // A name is allowed only beside a door or after "我是": "收据在呢 俺电话…" names nobody.
  const placed = /[\d一二三四五六七八九十]+(?:号楼|栋|幢|座|单元|室)|^(?:我|俺)(?:是|叫)/.test(core);
  return placed && WHO_AND_NUMBER.test(rest.replace(PLACE_UNIT, ''));
}

function stripNoise(text: string): string {
  return text.replace(MEDIA_TAG, ' ').replace(NOISE, '');
}

function detectNonRequest(text: string, a: Omit<RuleAnalysis, 'nonRequest' | 'forced'>): NonRequestHit | null {
  if (text.length === 0) return { kind: 'empty', confidence: 0.99 };
  const core = stripNoise(text);
  if (/^\s*(?:\+|＋)\s*1+\s*$/.test(text.replace(MEDIA_TAG, '').replace(NOISE, (c) => (c === '+' ? c : '')))) {
    return { kind: 'agreement', confidence: 0.97 };
  }
  if (core.length === 0 || ONLY_DIGITS_OR_NOISE.test(text.replace(MEDIA_TAG, ''))) {
    return { kind: 'media', confidence: core.length === 0 ? 0.97 : 0.9 };
  }
  if (isSmallTalk(core)) return { kind: 'small_talk', confidence: 0.96 };
  // "讲个笑话，我朋友住番禺…", "额们那会儿住老房子…": a story, told for its own sake.
  if ((STORY.test(core) || reminisces(core)) && !a.urgentSignal) return { kind: 'small_talk', confidence: 0.9 };
  if (FALSE_ALARM_TOLD.test(text) && !a.askCue) return { kind: 'small_talk', confidence: 0.9 };
  // "前年3号楼也爆过一回", "我去年差点遭那个冒充公安的骗了两万": what happened a year or two ago, asking
  // nothing now (46 of 50 such labelled lines are no request; of the four, three give a report's place
  // first and one asks "会不会…").
  // (Opening on the place — "12号楼3单元701 顶楼 去年秋天就修过一回" — it is a detail of a report.)
  if (YEARS_AGO.test(text) && !a.askCue && !NOW_AGAIN.test(text) && !a.urgentSignal && !/^(?:就是)?[\d一二三四五六七八九十]+(?:号|栋|幢|单元)/.test(text)) return { kind: 'small_talk', confidence: 0.85 };
  if (ELSEWHERE.test(text) && !a.askCue && !a.urgentSignal) return { kind: 'small_talk', confidence: 0.9 };
  if (THANKS_OPENS.test(core) && !a.askCue && !/又|还是|还没|没修好|没好|不行|坏/.test(text)) return { kind: 'resolved', confidence: 0.8 };
  // "捡到一串锁匙…边个唔见咗自己去拎": found property, left for its owner.
  if (FOUND_ITEM.test(text) && FOR_THE_OWNER.test(text) && !a.urgentSignal) return { kind: 'notice', confidence: 0.9 };
  // "谁有修自行车的电话": a tradesman asked of the neighbours, not of staff.
  if (TRADESMAN_WANTED.test(text) && !STAFF_WORD.test(text) && !a.urgentSignal) return { kind: 'small_talk', confidence: 0.9 };
  if (RENOVATION_OVER.test(text) && !a.askCue && !a.urgentSignal) return { kind: 'small_talk', confidence: 0.85 };
  if ((WEATHER_TALK.test(core) && !WEATHER_DAMAGE.test(text)) || (PRICES_UP.test(text) && !/费/.test(text))) {
    if (!STAFF_WORD.test(text) && !a.urgentSignal) return { kind: 'small_talk', confidence: 0.85 };
  }
  // More of a report when it follows one (conversation joins it); never a report alone.
  if (a.hasPhone && contactOnly(core)) return { kind: 'contact', confidence: 0.9 };
  // "跟大家说一声 …", "提醒大家 …": news or a warning for the neighbours (of 42 labelled lines, 39 ask
  // nothing of anyone) — unless it asks something after all.
  if (TELL_EVERYONE.test(text) && !a.askCue && !a.urgentSignal) return { kind: 'notice', confidence: 0.9 };
  // (A notice may open on a warning sign: "⚠️提醒：…", "⚠️转自县公安局反诈中心：…".)
  if (NOTICE_START.test(text.replace(/^[^\p{L}\p{N}【\[]+/u, ''))) {
    if (/团购|接龙|(?<![楼地底往])下单|特价/.test(text.slice(0, 12))) return { kind: 'advert', confidence: 0.97 };
    return { kind: 'notice', confidence: 0.95 };
  }
  // A price per unit and nothing asked ("柴火熏的，45一斤", "🔥新鲜湘莲 38一斤 今晚截单"): goods for sale or
  // talk of prices — of 154 labelled lines, none a request.
  if (UNIT_PRICE.test(text) && !a.askCue && !a.urgentSignal && !QUOTED_PITCH.test(text)) return { kind: 'advert', confidence: 0.9 };
  const contact = a.hasPhone || /私聊|接龙|(?<![楼地底往])下单|团购|加我|加v|微信/.test(text);
  // "🆘救命价！海参清仓 电话…", "紧急求救！！羊肉进多了 全场串串5毛": a shop's alarm words sell, they warn of nothing.
  if (SALE_PITCH.test(text) && (contact || SALE_PRICE.test(text)) && !QUOTED_PITCH.test(text)) return { kind: 'advert', confidence: 0.93 };
  if (contact && !a.urgentSignal && !QUOTED_PITCH.test(text) && (ADVERT_STRONG.test(text) || (ADVERT_MEDIUM.test(text) && !a.askCue && !FIRST_PERSON_ASK.test(text)))) {
    return { kind: 'advert', confidence: 0.93 };
  }
  const agreeStart = AGREEMENT.test(core) || AGREEMENT.test(text);
  if (agreeStart && core.length <= 6) return { kind: 'agreement', confidence: 0.95 };
  if ((agreeStart || AGREEMENT_ANY.test(text)) && !a.askCue && core.length <= 24 && !ownHomeOutage(text)) {
    return { kind: 'agreement', confidence: 0.8 };
  }
  if (NOTICE_ANY.test(text) && !a.askCue) return { kind: 'notice', confidence: 0.85 };
  if (a.staffCue && !a.askCue) return { kind: 'staff_reply', confidence: 0.75 };
  if (a.resolvedCue && !a.askCue && !/又|还是|还没|没修好|没好|不行|坏/.test(text)) {
    return { kind: 'resolved', confidence: 0.75 };
  }
  return null;
}

export function createKeywordRules(config: Pick<LinliConfig, 'categories' | 'intake'>): KeywordRules {
  const categories: CompiledCategory[] = config.categories.map((c) => {
    const keywords = compileWords(c.keywords);
    return { code: c.code, keywords, any: anyOf(keywords) };
  });
  const urgentWords = compileWords(config.intake.urgentKeywords);
  const anyUrgentWord = anyOf(urgentWords);
  const forceWords = compileWords(config.intake.forceWords);
  const categoryCodes = categories.map((c) => c.code);

  function analyze(input: ClassifyInput): RuleAnalysis {
    const text = normalizeText(input?.text);
    const categoryScores: Record<string, number> = {};
    const keywordHits: string[] = [];
    for (const cat of categories) {
      if (!cat.any.test(text)) continue;
      let score = 0;
      let masked = text;
      for (const { word, weight, pattern } of cat.keywords) {
        pattern.lastIndex = 0;
        if (!pattern.test(masked)) continue;
        score += weight;
        keywordHits.push(word);
        // Longest first: "电动车充电" must not also count as "电动车" and "充电".
        masked = masked.replace(pattern, '\u0000');
      }
      if (score > 0) categoryScores[cat.code] = score;
    }
    let topCategory: string | null = null;
    let top = 0;
    let total = 0;
    for (const [code, score] of Object.entries(categoryScores)) {
      total += score;
      if (score > top) {
        top = score;
        topCategory = code;
      }
    }
    const answeringReport = STAFF_ANSWERING_REPORT.test(text);
    // In a staff answer "您反映的…" names the resident's report; it does not ask anything itself.
    const askCue = ASK_CUE.test(answeringReport ? text.replace(STAFF_ANSWER_WORD, '') : text);
    const hearsay = HEARSAY.test(text);
    const landed = landedNearMiss(text);
    const laughedOff = LAUGHED_OFF.test(text);
    const calm = JOKE.test(text) || noAlarm(text);
    const staffWords = answeringReport || STAFF_CUE.test(text);
    const staffAddress = !staffWords && STAFF_ADDRESS.test(text);
    // Second-hand news of a fire elsewhere is not a fire here; a question about it still counts.
    // A joke is no alarm, nor is "已经有人打119了" on its own (a short reply to an alarm).
    const urgent =
      (hearsay && (!askCue || TO_NEIGHBOURS.test(text) || SEEN_IN_MEDIA.test(text))) || calm || STORY.test(text) || reminisces(text) || (ALREADY_HANDLED.test(text) && text.length <= 20) ? null : findUrgent(text, urgentWords, anyUrgentWord, landed, laughedOff);
    const base = {
      text,
      urgentSignal: urgent?.signal ?? null,
      urgentByPattern: urgent?.byPattern ?? false,
      categoryScores,
      topCategory,
      categoryShare: total > 0 ? top / total : 0,
      keywordHits,
      askCue,
      hearsay,
      toNeighbours: TO_NEIGHBOURS.test(text),
      noAlarm: calm,
      landedNearMiss: landed,
      laughedOff,
      problemCue: PROBLEM_CUE.test(text),
      staffCue: staffWords || staffAddress,
      staffByAddressOnly: staffAddress,
      resolvedCue: RESOLVED_CUE.test(text),
      hasPhone: PHONE.test(text),
    };
    const nonRequest = detectNonRequest(text, base);
    let forced: string | null = null;
    const announcement = nonRequest && ['notice', 'staff_reply', 'advert'].includes(nonRequest.kind);
    const trivial = nonRequest && ['empty', 'media', 'small_talk'].includes(nonRequest.kind);
    if (input?.mentionsBot && !trivial) forced = 'mention';
    else if (!announcement && !trivial && !answeringReport) forced = forceWords.map((w) => w.word.replace(/\*/g, '')).find((w) => saysForceWord(text, w)) ?? null;
    return { ...base, nonRequest, forced };
  }

  return { analyze, categoryCodes };
}

/** The rules on their own, as a Classifier: what runs when no model file is available. */
export function createRulesClassifier(rules: KeywordRules): Classifier {
  return {
    async classify(input: ClassifyInput): Promise<Classification> {
      return classifyByRules(rules.analyze(input));
    },
  };
}

/** A decision from the rules alone (used when the model is missing, and as the model's fallback). */
export function classifyByRules(a: RuleAnalysis): Classification {
  const decidedNo = a.nonRequest && !a.forced && !(a.urgentSignal && a.nonRequest.confidence < 0.9);
  const isRequest = !decidedNo && Boolean(a.forced || a.urgentSignal || (a.topCategory && (a.askCue || a.problemCue)));
  const category = a.topCategory ?? 'other';
  return {
    isRequest,
    requestConfidence: decidedNo ? a.nonRequest!.confidence : isRequest ? (a.forced || a.urgentSignal ? 0.9 : 0.65) : 0.6,
    category,
    categoryConfidence: a.topCategory ? 0.4 + 0.5 * a.categoryShare : 0.3,
    urgency: a.urgentSignal ? 'urgent' : 'normal',
    urgencyConfidence: a.urgentSignal ? 0.95 : 0.7,
    source: 'rules',
    urgentSignal: a.urgentSignal,
    reason: decidedNo
      ? `rules: ${a.nonRequest!.kind}`
      : `rules: ${a.keywordHits.slice(0, 4).join(',') || 'no keywords'}${a.forced ? ` forced by ${a.forced}` : ''}`,
    llmCalled: false,
    nonRequestKind: !isRequest ? (a.nonRequest?.kind ?? null) : null,
  };
}
