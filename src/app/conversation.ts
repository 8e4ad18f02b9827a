// Understanding a message in its conversation, not on its own: a burst ("7栋" / "电梯关人了"),
// a co-report ("+1", "我家也是"), a repeat report, a follow-up about one's own ticket.
// Pure apart from the classifier: live intake and the eval CLI both call `understand()`, so the
// eval measures exactly what runs in the groups.
import type { Classification, Classifier } from '../classify/classification.js';
import { claimsAfterTheFact, HEARD_FROM_SOMEONE, ownHomeOutage, someoneInALift, WHOSE_CHILD } from '../classify/keyword-rules.js';
import { normalizeText } from '../classify/normalize-text.js';
import { mentionsProblemOver, placesConflict, problemSignature, samePlace, sharedTopics, type ProblemSignature } from '../classify/problem-signature.js';
import { stripLeadingMentions } from '../domain/command-grammar.js';
import { findPii } from '../domain/mask-pii.js';
import type { Urgency } from '../domain/ticket.js';
import { conversationSchema, type ConversationSettings } from '../config/linli-config.js';

export interface ConversationConfig {
  /** Messages from one sender within this window may continue one report. */
  burstWindowMs: number;
  /** "+1" / "我家也是" attach to an open report of the same group this recent. */
  coReportWindowMs: number;
  /** A repeat report of the same problem links to an open ticket this recent. */
  duplicateWindowMs: number;
  /** A reporter's message about their own open ticket this recent is a follow-up. */
  followUpWindowMs: number;
  /** Similarity (0..1) of two reports' text above which they are the same problem. */
  duplicateSimilarity: number;
}

/** The district file's `conversation` settings in the units conversation works in. */
export function conversationConfig(c: ConversationSettings): ConversationConfig {
  return {
    burstWindowMs: c.burstWindowSeconds * 1000,
    coReportWindowMs: c.coReportWindowHours * 3600_000,
    duplicateWindowMs: c.duplicateWindowHours * 3600_000,
    followUpWindowMs: c.followUpWindowHours * 3600_000,
    duplicateSimilarity: c.duplicateSimilarity,
  };
}

/** The defaults of the config schema (src/config/linli-config.ts), for the eval and unit tests. */
export const DEFAULT_CONVERSATION: ConversationConfig = conversationConfig(conversationSchema.parse({}));

/** An open ticket as conversation sees it. */
export interface OpenReport {
  no: number;
  groupId: string;
  category: string;
  urgency: Urgency;
  text: string;
  createdAt: Date;
  /** Latest report, co-report, chase or follow-up: a problem people keep talking about stays "recent". */
  lastReportAt: Date;
  reporterIds: string[];
  /** The first reporter's nickname: "3栋老覃"'s "电梯又坏了" is 3栋's lift (where the text names no building). */
  reporterName?: string;
}

/** What one sender said lately in one group and what became of it. */
export interface SenderBurst {
  lastAt: Date;
  /** Pieces that were not a report on their own ("7栋", "物业", a photo), oldest first. */
  fragments: Array<{ id: string; text: string; image: boolean; imageData?: ImageData | null }>;
  /** The ticket this burst opened or continued, if any. */
  ticketNo: number | null;
  ticketCategory: string | null;
  /** The sender said something else since the report (an aside): only the problem itself continues it now. */
  strayed?: boolean;
}

export interface ImageData {
  base64: string;
  mime: string;
}

export interface Utterance {
  id: string;
  roomId: string;
  senderId: string;
  text: string;
  image: boolean;
  mentionsBot: boolean;
  at: Date;
  imageData?: ImageData | null;
  /**
   * The sender's role in this group, when known (default `resident`). Officials (staff, leaders)
   * answer and announce in resident groups: what they say is never a request.
   */
  senderRole?: 'resident' | 'staff' | 'leader' | 'admin';
  /**
   * The sender's display name, when known. Residents' group nicknames say where they live
   * ("3栋-刘姐", "5号楼韩姐"): a report that names no building is about the writer's own.
   */
  senderName?: string;
}

export type Understanding =
  | { kind: 'ignore'; classification: Classification | null }
  | { kind: 'fragment' }
  | { kind: 'continue'; ticketNo: number; classification: Classification | null }
  | { kind: 'co_report'; ticketNo: number }
  | { kind: 'duplicate'; ticketNo: number; sameGroup: boolean; classification: Classification }
  /** `chase`: not a question but the reporter chasing their open report ("都下午三点了 师傅还没来") — 催办. */
  | { kind: 'follow_up_question'; ticketNo: number; chase?: boolean }
  | { kind: 'follow_up_info'; ticketNo: number; classification: Classification }
  /**
   * Kept with the ticket and relayed, but not a line of the report: the reporter answering an official
   * who spoke to them since (their room, phone, "好的 我下午来"), or a neighbour's news from the scene of
   * an emergency ("进去了 人是清醒的").
   */
  | { kind: 'answer'; ticketNo: number }
  | { kind: 'new'; text: string; messageIds: string[]; classification: Classification };

export interface ConversationView {
  burst: SenderBurst | null;
  /** Open tickets of the sender's community, newest first. */
  openInCommunity: OpenReport[];
  /** When an official last spoke in this group (staff-in-resident-group): what a reporter says next answers them. */
  officialSpokeAt?: Date | null;
  /**
   * Group nicknames of the officials who spoke in this group lately (known as staff by their ids):
   * a resident who opens by calling one of them by name ("郑姐 粽球是每户2个还是每人2个") is asking
   * the staff, not chatting. Only words to recognise an address by — a name grants nothing.
   */
  officialNames?: readonly string[];
}

const IMAGE_TEXT = /^(\[(图片|圖片|image|照片|视频|視頻)\])+$/i;
// Pure agreement with a report already made.
// Dialects agree in their own words: 对头 (四川), 系啊/係呀/冇错 (粤语), 可不是/可不咋的 (东北), 是滴/是咧 (西北).
const AGREEMENT =
  /^(\+1|＋1|1\+|同上|同问|同求|同感|附议|顶|我也是|我家也是|俺家也是|我哋都係|我们也是|我们家也是|一样|同样|加一|\+\+|是的|是啊|是额|对的|对啊|对头|对嘅|对[，,。!！\s]|没错|冇错|係啊|係呀|系啊|系呀|就系|可不是|可不咋的|是滴|是咧|就是就是|确实|的确|看到了|(?:看见[了咧啦噠哒]|瞅见了|瞧见了|看着了|听到了|听见了|闻到了)(?![^，,。!！\s]{0,2}(?:给|帮|送|还|告诉)(?:你|您))|(?:yes|yeah|yep|same here|me too|agreed)(?![a-z]))/i;
// "+1", "同上": agreement said before anything else, whatever the words after it name.
const PLUS_ONE = /^(?:\+1|＋1|1\+|加一|同上|附议)/;
const AGREEMENT_ANYWHERE = /(^又(?:没|停|冇|断)了?(?:[\s，,！!]|$)|(?:也|都)(?:系|係)[，,\s]|(?:我|我们|俺|俺们|咱|咱们|阿拉|我哋|伲|额|额们)(?:家|屋|屋里|屋企|这边|这里|那边|这栋|楼|栋|单元|[一二三四五六七八九十\d]+(?:号楼|楼|栋|幢|座|单元))也|(?:也|都)(?:闻|听|看|见|碰|遇|接|收)[到着见了]|也(?:压|踩|绊|撞|遭)(?:到|着|了|过)|\+1|＋1|也是|也一样|也这样|也没|也停|也黑了|也冇|都冇|都没|也闻到|也听到|也看到|也有|确实|一样|同样|同问|同求|我们(这|那)?(边|里|楼|栋)也|这边也|那边也|我哋呢边|都係咁|也打不着|也黄|也不热|也是黄|(?<![就只倒还])是有(?:味|股|点)|已经?(?:打了?|拨了?)(?:119|110|120)|已经报警了)/;
// The same in English: "me too", "same in 12", "we also smell it", "tower C here too".
const EN_AGREE =
  /(?<![a-z])(?:me too|us too|same here|same (?:for|with|in|on|at) (?:us|me|mine|ours|\d+|bldg|building|block|tower|unit|lane|floor|[a-z]\b)|same (?:problem|issue|thing)|here too|ours too|mine too|(?:we|i) (?:also|too) (?:have|had|smell|hear|heard|see|saw|got|get|can)|(?:smell|hear|see|saw|heard|noticed?|have|had|got) (?:it|that|this|the same) (?:too|as well)|(?:out|off|dark|down|broken|leaking|stuck|cold) too|(?:bldg|building|block|blk|tower|unit|lane|floor)\.? ?[0-9a-z]{1,3},? (?:also|too|as well|here|same)|(?:also|too) (?:no|dark|out|off|cold|broken|stuck|smells?|leaking|flooded|down)|(?:also|too|as well)[.!]*$|saw (?:him|her|them|it|that|one) too|\+1)(?![a-z])/i;
// A neighbour's own report that says it is the same thing ("5号楼也停了", "16栋17栋都这样").
// "我也投诉过", "吾也听到个", "俺也见过": the neighbour has met the same thing.
const REPEAT_CUE = /(也(?:来)?(?:敲|来|找)了?(?:我|俺|阿拉|我哋)(?:家|屋)|也(?:闻|听|看|瞅|瞧)得?(?:到|见|着)|也(?:吵|臭|冻|熏|呛)|也(?:刷|打|拧|按|开|关|锁)不(?:开|上|动|着|亮|进去)|也被(?:划|偷|砸|撬|骗|堵|占)|也被.{1,4}?了|(?:我|俺|吾|额|阿拉|我哋|伲)(?:也|都)(?:投诉|看到|看见|瞅见|瞧见|听到|听见|闻到|闻见|见过|见到|说过|反映|去看|碰到|遇到|被|是)|(?:我|我们|俺|俺们|咱|咱们|阿拉|我哋|伲|额|额们)(?:家|屋|屋里|屋企|这边|这里|那边|这栋|楼|栋|单元|[一二三四五六七八九十\dA-Za-z]+(?:号楼|楼|栋|幢|座|单元))也|也停|也没(水|电|气|网|信号|暖气)|也冇(水|电)|也是(?![个为要想很挺够真])|也一样|也这样|都这样|都一样|都是这样|(?:以为|当是)[^。！？!?]{0,10}(?:跳闸|自己家|自己屋|我自己|就我家|就我们)|(?:[\d一二三四五六七八九十]+(?:号楼|楼|栋|幢|座|单元|层)|我家|俺家|我们家|我屋)一样|同样|也有这个|我们(这|那)?(边|里|楼|栋)也|这边也|那边也)/;
// "报了也没人管" / "报了也是白报": a remark about reporting, agreeing with nobody's report.
const COMMENTARY = /(?:讲|说|反映|投诉)了?(?:也|都)(?:没|冇)用|报了?[^，。！？,.!?\s]{0,5}?(?:也|都|还是?|根本|压根)(?:是)?(?:白报|没(?:得)?人|冇人|没用|冇用|不管|没下文)|报了?(?:又|也|都)?有(?:什么|啥|甚么)用|白报|(?:群|物业|社区)(?:就|真)?(?:是)?个?摆设/;
// A neighbour who went to look, knocked or heard it, telling what they found ("我刚敲了她屋门 冇人应"):
// a witness to a report just made, not a report of their own.
const WITNESS = /(?:我|额|俺|阿拉|我哋|伲)(?:刚|刚刚|刚才|也|在|去)?.{0,6}?(?:见过|敲了|敲过|看了|看过|去看|看到|看见|闻到|闻见|听到|听见|见到|睇到|睇见|瞧见|瞅见|瞅着|看着|瞧着|聞到|聽到|聽見|見到|睇緊|闻得到|听得到|看得到|聞得到|闻着)|(?<![a-z])i (?:can |could )?(?:see|smell|saw|smelled|smelt)(?![a-z])|(?<![a-z])can (?:see|hear|smell) (?:it|them|the)(?![a-z])/i;
// The line asks or pleads for something: a report of its own, not only a witness.
const ASKS = /[?？吗]|能不能|可不可以|麻烦|快来|快点|赶紧|谁管|怎么办|咋办|咋整|帮忙|请|管管|来人/;
// A question in any words ("是不是…", "边度…", "咋…"): the line asks something, so it is no mere "me too" or answer.
const QUESTION = /[?？吗嗎]|是不是|是唔是|係唔係|哪|谁|誰|邊度|边度|咋|怎么|怎样|点样|如何|什么|啥|么子|能不能|可不可以|可唔可以/;
// Dangers that are news whenever they are told, even in a line that answers an official.
const DANGER_TOPICS = new Set(['fire', 'gas_smell', 'flood', 'person', 'fight', 'lift']);
// "1群说的…", "一期群说…", "B区群都讲声": the writer refers to what was said in another group.
const OTHER_GROUP = /(?:[一二三四五六七八九\d]|[A-Za-z]区|[一二三四\d]期|隔壁|那边|另一个|别的)群/;
// "也停了", "都冇咗": an outage, of whatever the report before was about.
const OUTAGE_WORD = /(?:也|都|又)(?:停|断|没|冇)(?:得|有)?(?:了|咗|哒|啦)/;
// Problems of the whole estate at once: one report in any group is the same outage.
const ESTATE_WIDE = new Set(['water_out', 'power_out', 'gas_out', 'network']);
// What each building has of its own: its heating loop, its lift, its supply, its lights and doors.
const BUILDING_BOUND = new Set(['heating', 'lift', 'water_out', 'power_out', 'gas_out', 'hot_water', 'light', 'door']);
// Words that carry a story on: "而且…", "还有老鼠…", "他还问…", "我住602".
const GOES_ON = /^(?:而且|并且|再加上|关键是|主要是|还有|他还|她还|他们还|伊还|佢仲)|(?:我|俺|阿拉|我哋)(?:家)?住/;
// Personal data always has digits (a phone, an ID, a room, a plate) or spelt-out numerals.
const MAY_HOLD_PII = /[\d０-９]|[零〇一幺二两三四五六七八九]{3}/;
// "小蒋姐姐 我想问一下…", "请问…": a question of its own, not more of the report before.
const ASK_OPENING = /^.{0,8}?(?:我?想问(?:一下|下|问)|请问|问一下)/;
// …said alone ("梁仔 我想问下"): the first piece of the question, whatever the writer said before it.
const BARE_ASK_OPENING = new RegExp(`${ASK_OPENING.source}(?:一下|下)?[\\s，,。.…~～]*$`);
// "姜姐 还有个事顺便问问", "王网格还有个事": another matter announced, nothing of it said yet — the
// first piece of what comes next (the labels put 8 of 9 such lines in the next line's request).
const ANNOUNCES_A_MATTER = /^[^，。！？,.!?]{0,8}?(?:(?:还有|再问|再说|再讲)(?:个|一个|件|一件|么|点)?(?:事儿?|事情|问题)|顺便(?:问|说|讲))(?:顺便)?(?:问问?|说说?|讲讲?)?(?:一下|下|一声)?(?:啊|哈|哦|嘛|呀)?[\s，,。.…~～]*$/;
// "系啊 我上个月都俾人偷过": the writer's own past trouble, commiserating, not confirming this report.
// "上礼拜我们楼也有人接到这种电话": the same thing, another time.
const PAST_TIME = /上年|上个?礼拜|上周|上星期|上个?月|去年|前年|以前|前几年|那年|前几天|前阵子|那时候|那会儿?|那回|上回|上次|那次|年年/;
// One's own trouble some time ago ("上个月俺家也叫偷了一回", "孩子那辆也是在那儿丢的 上个月", "我外婆昨天
// 也接到一模一样的"): a story beside the report, not a "me too" of it.
const OWN_PAST = new RegExp(
  `(?:${PAST_TIME.source}|上次|上回).{0,8}过|(?:${PAST_TIME.source}|上次|上回)[^，。！？,.!?]{0,8}(?:一回|一次|也被|也叫|也让)|(?:昨天|前天|${PAST_TIME.source})[^，。！？,.!?]{0,4}也(?:接到|碰到|遇到|收到)|(?:丢的|偷的|被偷|叫偷)[^，。！？,.!?]{0,4}(?:${PAST_TIME.source})\s*$`,
);
// Agreeing with nobody's report: a remark about reporting, a group-buy order, hearsay, a laugh.
// ("不是着火 是顶楼在熏腊肉", "是饭店的油烟，伐是煤气": a neighbour who went to see and says it is not.)
const NOT_AGREEING_WORDS = new RegExp(`${COMMENTARY.source}|(?:家|屋|这边|我们|俺们|楼|栋|单元)(?:里|头)?(?:是)?有(?:水|电|气|暖气|网)(?![吗不没么伐])|接龙|团购|拼团|拼单|听说|听讲|据说|${HEARD_FROM_SOMEONE.source}|新闻|^哈哈|哈哈[!！~～。\s]*$|也觉得|也认为|也这么觉得|(?:不是|伐是|勿是|唔系|唔是)(?:着火|煤气|漏气|燃气|火|漏水)|原来是(?!这个|这样|这回事)|后来|年轻(?:时|的时候|那会)|小时候|当年|那个年代|那些年|不是一回事|两回事|不是一家|不是同一(?:个|家|处|根)|不是一个(?:事|地方)|唔系同一`);
// …nor one's own trouble some time ago (OWN_PAST) — unless the line opens by saying yes to the report
// ("是额是额，老早就讲过了", "系呀，我上个礼拜都讲过").
// Advice to whoever reported ("你上去好好说说", "得放放气 拿螺丝刀拧一下"): 285 of 288 such lines in the
// development sets are no co-report.
const ADVICE = /(?<![们])(?:你|您|侬)(?:先|上去|去|可以|得|最好|试试|多|别|莫|不要)|拧一下|放放气|放一下气/;
function notAgreeing(text: string): boolean {
  // ("我家单独停电了 邻居家都有电": one flat's own trouble, no "us too" of the building's.)
  return NOT_AGREEING_WORDS.test(text) || ownHomeOutage(text) || ADVICE.test(text) || (OWN_PAST.test(text) && !AGREEMENT.test(text.trim()) && !SAME_HERE.test(text.trim()));
}
// A reply to the neighbours ("太感谢了", "多谢"): not more of one's report.
const THANKS = /^(?:thanks|thank you|thx|many thanks|cheers)(?![a-z])|^(?:太|非常|真的?)?(?:感谢|谢谢|多谢|谢了|唔该)/i;
// Thanks to someone who helps, anywhere in the line ("好好好 韩师傅谢谢你"): never more of a report.
const THANKS_SOMEONE = /谢谢(?:你|您|师傅|各位|邻居)|(?:你|您)辛苦/;
// Thanks anywhere ("热水器好了，老张确实可以…谢谢春燕"): of 2,484 labelled lines, 9 are a co-report.
const THANKING = /谢谢|多谢|感谢|唔该/;

// Replies to someone, or the news that it is back ("来了来了[强]", "来电了"), not the start or more of a report.
const REPLY = /^(帮你|帮您|我帮|好的|收到|谢谢|辛苦|没事|不用不用|不用了|不要紧|不碍事|没关系|不客气|放心|知道了|留意|注意安全|同意|支持|天哪|天啊|我的天|哎呀|哎|唉|妈呀|哇|来了来了|来(?:水|电|气)了|(?:水|电|气)来了)|吧[!！。~～]*$/;
// Asking after one's own report.
const STATUS_QUESTION = /((?:处理|弄|修|搞)好了?没(?:得|有)?|怎么样了|咋样了|如何了|有人管吗|有人管没|有没有人管|有进展吗|进展如何|有消息吗|什么时候(来|修|好|处理)|啥时候(来|修|好)|几时(来|修|好)|还没(人)?来|咋还没|怎么还没|还要等多久|要等多久|处理了吗|处理得怎么样|报的(那个)?事|我那个事|我反映的|我报的|上次说的|之前说的|到底(管不管|有没有人))/;
// Asking whether staff did what they said ("监控看了没", "你们查了冇", "说好的调解呢"), with no news of it
// happening again ("今天又有人往下丢烟头", "还在吵"), which is more of the report.
const ASKED_IF_DONE = /(?<!有人|谁)(?:看|查|查到|说|讲|港|去说|去讲|联系|放|报|上报|修|弄|换|处理|调|管)(?:了|过)(?:没|冇|木有|没有|吗|未|伐)(?![用事几])|说好的[^，。！？,.!?\s]{0,8}呢/;
const NEWS_AGAIN = /又|还在|更/;
const asksIfDone = (text: string) => ASKED_IF_DONE.test(text) && !NEWS_AGAIN.test(text);
// Asides to the neighbours ("今天的快递到了没", "有人一起吗"): questions about other things.
const ASIDE = /(快递|外卖|团购|拼单|有人一起|有没有一(?:块儿?|起)的|(?<!不知道是|不晓得是|不知是|唔知系)谁家的|哪位|到了没|有没有人知道|有人知道|(?<!不知道是?|不晓得是?|不知是?|唔知系?|搞不清是?)哪家|去不去|吃饭|天气|打广告|发广告|(?:这几天|这两天|箇几天|这阵子|最近)[^，。！？]{0,3}(?:太热|好热|热死|太冷|好冷|冷死|闷热|热得|冷得))/;
// Chit-chat between the lines of a report: a laugh, food, shopping, the weather, the children's
// school ("刚才那个视频谁拍的 笑死我了", "今天菜市场的樱桃好便宜"), in English a sale or a recommendation.
// Never more of a report.
const CHATTER = /出差|好累|累死|累成|好纠结|吃啥|吃什么|孙娃|新衣服|哈哈|笑死|好好笑|搞笑|好吃|好好看|真好看|好漂亮|好便宜|好贵|推荐(?:一下|个)|菜市场|菜场|超市|买菜|早市|夜市|啥价|便宜|块一斤|我[个家的]?猫|猫咪|买了点|包子|樱桃|水果|出去食|出去吃|做了[^，。！？,.!?\s]{0,3}(?:肉|菜|饭|饺子|包子|汤)|红烧|香得很|香死了|真香|馋死|放假|(?<![要送去])上学(?!放学)|学校|考试|作业|宵夜|追剧|电视剧|打麻将去|跳舞去|散步去|天气|降温|升温|出太阳|下雪了|下雨了|好热|热死|热得|热到|先去|先回去|先走了|接娃|接孩子|去上班|上班去|开会去|回头说|有消息(?:喊|叫|告诉|通知)我|(?<![a-z])(?:selling|for sale|recommend(?:ation)?s?|anyone up for|weather)(?![a-z])/i;
// "另外请问…", "对了还有个事…", "顺便问一下…", "说到这个…": the writer says a new matter starts. (A bare "还有…"
// usually lists more of the same report: "还有蟑螂", "还有兀个秋千的链子也锈了".)
// "对了还有…" and "还有 俺想问问…" start another matter too.
const ANOTHER_MATTER =
  /^(?:对了)?\s*(?:另外|另一个|另一件|说到这个|说起这个|讲到这个|提到这个|再问|还想问|还有个事|还有一件事|还有个问题|顺便|顺带|再反映|再(?:说|讲|港)一?个|(?:说|讲|港)(?:个|件)?正(?:经|事))|^对了[\s，,]*还有|^还有[\s，,啊呀]*.{0,3}(?:想问|请问|问一下|问下|问问)|^(?:对了|哦对了?)[\s，,]*(?:问下|问一下|请问|想问|问问)|^(?:[^\s，,。！？!?]{1,6}[\s，,]+){1,2}(?:顺便|顺带|另外)(?:问|说|讲|反映)/;
const CHAT_KINDS = new Set(['small_talk', 'media', 'advert', 'notice', 'agreement']);
// A detail that belongs to a report: where exactly, since when, how bad, a plea to hurry
// ("对了，是1号梯", "在5楼", "已经三天了", "快来人"). Chit-chat has none of these.
const DETAIL =
  /(?:早上|晚上|半夜|凌晨|夜里|中午|下午)[一二三四五六七八九十两\d]+点|\d+\s*(?:楼|层|号|单元|梯|室|户|天|个?小时|分钟|点钟?)|[一二三四五六七八九十两几]+\s*(?:楼|层|单元|号梯|号楼|栋|天|个小时|小时|分钟)|好几天|好久|从.{0,8}(?:开始|到现在|起)|一直|还在|越来越|更(?:大|多|严重|厉害)|快来|快点|赶紧|尽快|麻烦|帮忙|救命|拍了|照片|视频|位置|就在|里面|里头|外面|楼下|楼上|门口|旁边|边上|对面|后面|中间|喊|哭|求救|\d{3,4}(?:的|室|家)|整栋楼|炸|爆|腿脚|行动不便|生病|管不管|没人管|有人管|谁管|到底|能不能|能否|可不可以|来看看|来修|来处理|代办|办理|监控|报警|坏了|坏掉|漏水|漏了|堵了|堵住|堵死|臭|吵|不亮|不动|不通|没人管|危险|冒烟|冒水|冒火|响声|滴水|淹|着火|烟|味道|气味|焦味/;
// Problems that many homes see at once: a report of one by anyone is a report of the same thing.
const SHARED_BY_MANY = new Set([
  'lift', 'water_out', 'water_quality', 'hot_water', 'power_out', 'gas_out', 'gas_smell', 'fire', 'heating',
  'street_light', 'light', 'door', 'flood', 'network',
]);
// Words many problems share ("臭", "吵"): on their own they do not make two reports one problem.
const WEAK_TOPICS = new Set(['smell', 'noise']);
// What carries beyond its building — a shop's music, a site's piling, smoke, a smell, people at the
// doors: "+1 2栋也听得到" agrees with 1栋's report of the KTV below; the building named is the writer's.
const CARRIES = new Set(['noise', 'smell', 'building_work', 'fire', 'scam', 'stranger', 'vendor']);
function heardFromAfar(line: ProblemSignature, report: ProblemSignature): boolean {
  return report.topics.size > 0 && [...report.topics].every((t) => CARRIES.has(t)) && [...line.topics].every((t) => CARRIES.has(t));
}
// Put right once and broken again: "刚修好", "修好没几天", "礼拜一先清完 今日又堆到…", "礼拜二师傅刚放完气 咋又凉了".
// ("又是走楼梯下来的 昨天不是说五点修好吗" was promised a repair that never came: still the same breakdown.)
const FIXED_SINCE = /(?:刚|才|已经?)修好|修好了又|修好没几天|(?<![没冒未不冇])(?:修好|弄好|搞好|整好|放完气|放了气|热了|来电了|来水了|恢复|通了|拉完|清完|换好)[^。！？!?]{0,16}又|又[^。！？!?]{0,20}(?:不是|刚|才|昨天|昨晚)[^，。！？,.!?]{0,6}(?<![没冒未不冇])(?<!说[^，。！？,.!?]{0,5})(?:修好|弄好|来电|来水|恢复)(?![吗么嘛呢?？])|(?:礼拜|星期|周)[一二三四五六日天1-7](?:[^，。！？,.!?\s]{0,6})(?:清完|清走|换了|换过|换额|换的|修了|修过|修好|放完|放了气|弄好|通了|处理过|处理完)[^。！？!?]{0,20}又/;
/** Still so, some time on: "还是凉的", "到现在还冇送来", "第二天了…还在" (not a bare 又, which starts new trouble too). */
const STILL_SO = /还是|还没|还冇|仍然|依然|依旧|到现在|还在|到今天|第二天|第三天|一直没|一直冇/;
/** "是今年搞还是明年搞", "整条路都停还是就我们小区": 还是 offering a choice, not "still". */
const EITHER_OR = /([^，。！？,.!?\s])还是[^，。！？,.!?\s]{1,8}\1(?![^，。！？,.!?\s])|还是(?:就|只|光|单)/;
/** "早上我下楼还是好的": still fine then, which is no news of a fault. */
const STILL_FINE = /还(?:是|都)?(?:好的|好好的|正常|能用|没事|冇事)/;
// The problem is still there, or back: a later report of it joins the open ticket.
const STILL = /还是|还没|仍然|依然|依旧|照样|又|继续|到现在|一直|还在|到今天|几天了|好几天/;
// "热得受不了" is weather talk until it is someone's heart or breath ("我老伴有心脏病，热得受不了").
// …nor is a call for help: "她打电话说里面好热 快点来人啊" from a lift is no talk about the weather.
// (Someone of the family inside — "我家老爷子在里头 买菜回来的" in a stopped lift — is distress, whatever errand
// brought them there: 67 of 77 labelled lines urgent.)
const DISTRESS = /心脏|喘不上|喘不过|有点喘|喘得厉害|透不过气|一点风(?:都)?(?:没|冇)|(?:里面|里头|里边)(?:还)?有(?:我|人|老人|孩子|小孩|个)|呼吸|中暑|晕倒|晕过去|发晕|头晕|抽搐|吸氧|卧床|瘫痪|孕妇|昏|快(?:点|些|点儿)?来人|救命|救救|(?:老爷子|老太太|老人|孩子|小孩|娃|女儿|儿子|闺女|老伴|我妈|我爸|爷爷|奶奶|外婆|外公|孙子|孙女|老头|老婆|老公)[^，。！？,.!?\s]{0,2}(?:在|困在|关在|卡在)(?:里头|里面|里边|里)/;
function chatter(text: string): boolean {
  // ("晚上孩子还得写作业 整得全家都睡不好" is what the noise does, not talk about homework.)
  return CHATTER.test(text) && !DISTRESS.test(text) && !REACTION.test(text);
}
const MAX_CONTINUATION_CHARS = 300;
const PHOTO_TAG = /\[(?:图片|照片|视频)\]/;
/** The model's P(request), whichever way it decided (requestConfidence is the confidence in its verdict). */
const pRequest = (c: Classification) => (c.isRequest ? c.requestConfidence : 1 - c.requestConfidence);
// A place said on its own before the problem ("楼道里", "外面人行道"): a piece, not a report.
const BARE_PLACE = /楼道|走廊|过道|门口|楼下|楼上|车库|地库|电梯口|单元|楼梯|路口|外面|外头|里面|里头|院里|院子|小区|后面|前面|旁边|边上|广场|花园|天台|楼顶/;
const BARE_PLACE_CHARS = 6;
// "沿江路公交站对面 人行道上", "3栋后面那个花坛旁边": a place and nothing said about it yet — where, before what.
const PLACE_PHRASE = /^[^，。！？!?,.]{2,16}(?:对面|旁边|边上|门口|路口|拐角|这边|那边|附近|底下|上面|下面|后面|前面|里面|人行道上|路上|路边)$/;
// (The place may name a thing — 人行道, 井盖 — as long as nothing is said to be wrong with it.)
const SAYS_WHAT = /坏|漏|堵|臭|吵|停|没|冇|不|裂|掉|塌|烂|冒|烧|火|水|淹|满|乱|占|偷|摔|困|卡|松|翘|倒|有人|有个|有辆|有只/;
const placeOnly = (text: string, c: Classification, sig: ProblemSignature) =>
  !c.urgentSignal &&
  ((sig.topics.size === 0 && visibleLength(text) <= BARE_PLACE_CHARS && BARE_PLACE.test(text) && !/\d/.test(text)) || (PLACE_PHRASE.test(text.trim()) && !SAYS_WHAT.test(text))) &&
  !QUESTION.test(text) &&
  !ASKS.test(text);
// Said to one person by name or @ ("@Jason 搵呢个师傅…", "高哥，调监控的事麻烦了…"): a reply in the
// conversation, not more of the report.
// A question to the neighbours after one's report ("对了哪个有修油烟机的师傅电话", "谁家孩子的手套落电梯里了").
const ASKS_NEIGHBOURS = /(?:^|对了|还有|另外)[\s，,]*(?:附近(?:哪里|哪儿|哪家)|哪个有|谁家(?:的|孩子)|谁有|谁知道|哪个晓得|谁晓得|有冇得?人晓得|有没有人(?:知道|晓得|有|捡到)|哪位|谁能推荐)/;
const ADDRESSED = /^@\S|^[^\s，,。！？!?@]{1,3}(?:哥|姐|老师|叔|姨|阿姨|嬢嬢|孃孃|伯)[，,\s]|^(?!物业|社区|居委|网格|保安|管家|师傅|领导|书记|主任|老师|医生|警察|民警|大家|各位|邻居|你们|我们)[^\s，,。！？!?@\d]{2,3}(?:[，,\s]\s?(?:你|您|侬)|你(?:上次|家|们|说|讲|知道|晓得))/;
// Up to six words of English or pinyin.
const LATIN_PIECE = /^[a-z][a-z'’]*(?:[\s,.!?-]+[a-z0-9][a-z0-9'’]*){0,5}[\s,.!?]*$/i;
// "btw…", "random q…": the writer says another matter starts, as "另外…" does.
const EN_ANOTHER_MATTER = /^\W*(?:btw|by the way|anyway|off topic|random q|also,? (?:who|how|where|what|can|is|does|any))(?![a-z])/i;
// English details of a report said right after it: who is inside, where, since when, a plea.
const EN_DETAIL =
  /(?<![a-z])(?:stronger|worse|spreading|bigger|louder|\d{1,2} ?f|inside|in there|trapped|knocking|shouting|screaming|crying|no answer|alarm|blocking|blocked|since|hours?|days?|floor|bldg|building|block|unit|room|door|gate|stairs?|corridor|hallway|basement|garage|lobby|asap|hurry|quick(?:ly)?|please|pls|call|police|ambulance|help|knife|stick|smoke|water|smell|leak(?:ing)?|broken|stuck|dumped|every (?:night|day|morning))(?![a-z])/i;
// A line within this time of the sender's previous one follows straight on; later in the burst
// window it must show it is about the same report (see addsToReport).
const CLOSE_FOLLOW_MS = 20_000;
// "Update: water stopped … Thanks everyone 🙏": a closing word to the group, not more of the report.
const EN_CLOSING = /thanks (?:everyone|all|guys|so much)|thank you (?:all|everyone)/i;
const OH_AND = /^(?:对了|对哒|对咯|哦对了?|对啦)[\s，,]/;
// A longer agreeing remark is about a report of the last half hour in the group, not of the morning.
const AGREEING_WINDOW_MS = 30 * 60_000;
// "同", "真係", "嗯咯", "阿是的", "就是的": yes, same here, in a word.
const SAME_HERE = /^(?:(?:[\d一二三四五六七八九十]+(?:号楼|栋|幢|座|单元|楼)\s?)?同(?:[，,。!！\s]|$)|真係|真系|真的是|真的[，,\s]|就是[，,\s]|嗯咯|嗯嗯|嗯是的|对对|阿是的|就是的|可不嘛|可不咋地|可不是(?:嘛|吗|么|呢)?|可不[，,\s]|真事儿?[，,\s！!]|是[，,\s!！](?!不是)|就是(?:那|这|嗰)(?:辆|个|只|条|家|台|部|伙|几个))/;
// "我看见消防车进巷子了": help arriving, seen by a neighbour — news, not a second witness of the problem.
const HELP_ARRIVING = /消防|救护|警察|民警|派出所|保安|物业|师傅|120|119|110/;
const URGENT_PLEA = /快点|快来|快啲|赶紧|赶快|救命|急死|help|hurry/i;
// Where in the estate, as against where in a building (a unit, a lift): another locality is another report.
const LOCALITY = new Set(['building', 'street', 'lane', 'zone', 'spot']);
// A line that opens by saying the time has moved on: "晚上了…", "都两个钟了…", "lunch time, still…".
const TIME_HAS_PASSED =
  /^(?:都|已经|现在|这都)?(?:(?:早上|上午|中午|下午|傍晚|晚上|半夜|夜里|凌晨|天黑|天亮)(?:[一二三四五六七八九十两\d]+点(?:半|多|钟)?)?|[一二三四五六七八九十两\d]+点(?:半|多|钟)?)(?:了|哒|咗|啦|喇|嘞)|^(?:都|已经)(?:快|有)?(?:过了?)?[一二两三四五六七八九十几半\d]+个?(?:多)?(?:小时|钟头|钟|天)了?|^(?:都|已经)?第[二三四五两\d]天(?:了|哒|咯|啦|喇)?|^(?:it'?s )?(?:lunch ?time|evening|night|afternoon|morning|hours later)(?![a-z])/i;
const SHORT_DETAIL_CHARS = 14;
// An address given to an official who asked for it: a few places, a room, a surname.
const SHORT_ANSWER_CHARS = 24;
// A chase (催办): the hour has moved on or a promise was not kept, and the thing is still not done
// ("都下午三点了 热力的人也没来啊", "说好中午前的呢 还是没水", "早上说的那个还没弄好啊"). From the reporter
// it asks after their report rather than telling it again — unless it says things got worse or
// someone is now in distress, which is news for the duty staff.
const LATE_NOW =
  /(?:都|已经|这都|到)?(?:早上|上午|中午|下午|下半天|下昼|后晌|晏昼|傍晚|晚上|黑夜|黑天|半夜|夜里|天黑|第二天|第三天)(?:[一二三四五六七八九十两\d]+点(?:半|多|钟|几)?)?(?:了|咧|咯|喇|嘞|啦)|(?:都|已经|这都)[一二三四五六七八九十两\d]+点(?:半|多|钟)?(?:了|咧|咯|喇|嘞|啦)|一整?(?:天|上午|下午|晚上|夜|宿)了|(?:一个?(?:礼拜|星期|周|多月|月)|[两三四五六七八九十几]天)了|第[二三四五六七八九十几]天了|到今天|(?:今天|今早|今朝|今儿)(?:早上)?(?:还|仲)|等了(?:一|半|几|好几|两)?个?(?:上午|下午|晚上|小时|钟头|天)/;
const NOT_DONE = /(?<![老病家客])人呢|(?:师傅|工人|电工|维修工|修理工)呢|还是|还没|还冇|还么|还在|仍在|仲未|仲(?:喺|系|係|冇)|木信儿|没信儿|(?:没|冇)(?:得)?消息|影都(?:没|冇)|仍然|依然|到现在|(?:也|都|还)?(?:没|冇|莫)(?:得)?(?:人)?(?:来|嚟)|没见(?:着|到)?人|人影|没动静|没人理|没人管|老样子|照旧|照样/;
const PROMISE_BROKEN = /说好|讲好|答应|不是说.{0,12}(?:吗|嘛|么|的)|你不说.{0,10}(?:吗|嘛)|(?:说|讲|港)的?(?:是)?(?:上午|下午|中午|晚上|今天|马上|[\d一二三四五六七八九十]+点)(?:前|之前)?(?:就)?(?:来|修|弄|好|到)/;
const THAT_ONE_STILL = /(?:早上|上午|中午|下午|昨天|昨晚|昨儿|前天|刚才|之前|上次)(?:说|讲|报|提|反映)的那个.{0,8}(?:还|没|冇|有人管|修了|弄了|怎么样)|那个有人管了?没/;
// The urgent words of an outage ("没水了", "停电了", "整栋楼没电"): a chase about one says it is still out.
const OUTAGE_SIGNAL = /^[^*]*(?:停|没|冇|断)(?:得)?(?:有)?(?:水|电|气)|(?:水|电|气)[^*]*(?:停|没|冇|断)/;
// "十点半了 工地终于停了 城管来了还是有用": what finally happened is no chase.
const FINALLY = /终于|总算/;
function chases(text: string, c: Classification): boolean {
  if ((c.urgentSignal && !OUTAGE_SIGNAL.test(c.urgentSignal)) || WORSENING.test(text) || DISTRESS.test(text) || FINALLY.test(text)) return false;
  return THAT_ONE_STILL.test(text) || ((LATE_NOW.test(text) || TIME_HAS_PASSED.test(text.trim()) || PROMISE_BROKEN.test(text)) && NOT_DONE.test(text));
}
const RHETORICAL = /到底(管不管|有没有人)|管不管|有没有人管/;
// Words that say the situation changed: a follow-up adds to the report.
// Worse than before, in words that only make sense about the same thing ("现在水漫到客厅了").
const WORSENING = /越来越|更加|更(?:大|多|严重|厉害)|漫到|淹到|蔓延|扩散|现在(?:水|火|烟|已经|都(?![一二三四五六七八九十两\d]+点)|连)/;
/** Two messages of one reporter about one named problem, this alike, are about the same thing. */
const OWN_TOPIC_SIMILARITY = 0.12;
/** …and this alike when one of them names no problem (a name or greeting in both is not enough). */
const OWN_UNNAMED_SIMILARITY = 0.25;

// "还有…" / "仲有…" by the reporter after an aside, or a plea of the same kind that names no problem
// of its own ("我们老两口都睡不好了 谁来管管"): more of the same trouble.
const AFTERWARDS = /电费|水费|燃气费|账单|单子来了|^建议|(?:下回|下次|今后|以后)[^，。！？,.!?\s]{0,3}(?:万一|再|别再|能不能|可不可以)/;
/** The writer's own plight or temper about the problem just reported, or what they tried and how long it has gone on. */
const REACTION = /(?:打了|报了)(?:110|119|12345|电话)|走了又|(?:讲|说|港|找|问|反映|报|投诉)过了?(?:[\s，,]|$)|(?:讲|说|港|找)(?:过|了)[^，。！？,.!?]{0,3}(?:老板|房东|物业|他们|她们|人家)|不是(?:一回两回|一次两次|第一次|第一回)|一到[^，。！？,.!?]{0,4}就(?:这样|这个样)|别说是我|不敢明说|怕(?:遭|被)?报复|(?:放|试|弄|换|修|清)过(?:气)?了?[\s，,]*(?:也|还是)?(?:没用|冇用|不管用|不行)|气煞|吓煞|急煞|(?:讲|说|找|敲|上去|去|反映|投诉)(?:过|了)(?:门|他|她|佢|伊|他家|她家|一回|两回|几回|好几回|一次|两次|几次|好几次)|(?:讲|说)(?:了|过)?也?(?:冒得|没得?|冇)用|答应得好好的|更加?(?:恼火|堵|吵|臭|严重)|(?:bb|孩子|小孩|娃|崽|伢|老人|老伴)[^，。！？,.!?\s]{0,3}(?:要|在)(?:瞓觉|睡觉|中考|高考|考试|上学|休息)|急死|气死|吓死|吓着|吓坏|吓得|(?:太|好|真)吓人|太危险|好危险|不踏实|担心死|提心吊胆|受不了|烦死|没法(?:睡|过|出门|住)|睡不着|睡不成|睡不好|吓醒|(?:不搭理|不理)(?:人|我|俺)?$|第[二三四五六七八九十几]回|第[二三四五六七八九十几]次|(?:跟|对)我(?:急|吼|凶|嚷|骂)|还骂(?:人|我|俺)|还凶|不讲理|要迟到|(?:冻得|冻成)[^，。！？,.!?\s]{0,6}(?:棉袄|羽绒服|被子|发抖|哆嗦|睡不着|感冒)|(?:差点|差一点|险些|再偏一点)[^，。！？,.!?\s]{0,4}(?:砸|撞|摔|掉|绊|滑|烫)|(?:我|俺)(?:先|已经)[^，。！？,.!?\s]{0,6}(?:挡上|挡住|围上|围起来|盖上|堵上|拉了闸|关了阀)/;
// The writer calling on an office to act on what they just reported ("物业和社区要查一下", "城管得管管").
const DEMANDS_ACTION = /^(?:物业|社区|网格员?|城管|警察|派出所|居委会?|街道)(?:和|跟|或者|、)?(?:物业|社区|网格员?|城管|警察|派出所|居委会?|街道)?[^，。！？,.!?\s]{0,3}(?:要|得|必须|赶紧|快|该)?(?:查|管|处理|来看|看看|解决|调|抓)/;
const SAW_IT_OPENING =
  /^(?:对[的额]?[，,\s]*|是[的啊咯额]?[，,\s]*)?(?:(?:我|俺|额|阿拉|我哋|吾)(?:在[^，。！？,.!?\s]{1,6}|早上|刚才?|也|都)?(?:看|瞅|瞧|听|睇|望|闻)(?:见|到|着)(?:了|嘞|咧|啦|咗|噠|哒)?|(?:看|瞅|瞧|听|睇|闻)(?:见|到|着)(?:了|嘞|咧|啦|咗|噠|哒))(?:[！!，,\s]|$)/;
// (Without a subject the verb must say it is done — "闻着了！我在四楼" — "看到有人在撬锁" reports.)
const WITNESS_WINDOW_MS = 15 * 60_000;
// Someone at the scene saying what they found: in, found, the door opened, the person awake.
const NEWS_FROM_THE_SCENE =
  /^(?:[^，。！？,.!?\s]{0,4}[，,\s])?(?:(?:我|俺)?(?:进去了|进来了|找着了|找到了|到了)|门(?:开了|打开了)|开门了|人(?:醒着|醒了|是清醒的|没事)|(?:人|她|他)(?:还)?(?:清醒|醒着))|没出血|等救护车|扶(?:她|他|老人)(?:坐|起|躺)/;
// A neighbour back from the door ("敲了 屋里有电视声音 冇人应", "敲了半天门没得人应"): what they found,
// told without a subject.
const KNOCKED = /^(?:我|俺|额|阿拉)?(?:刚|刚刚|刚才)?(?:去|上去)?敲(?:了|过|完)(?:半天|好久|几下|好几下|一阵)?门?(?![\d一二三四五六七八九十]{3})/;
// Asking who will deal with it, naming nothing ("谁来管管", "到底有没有人管"): the writer's own report.
const PLEA = /(?:谁|有没有人|有冇人|有人|哪个)(?:来|能|可以|去)?管(?:管|一下|下|一管)?|管不管|没人管|冇人管|不管了?[吗嘛么啊呀？?]/;
// What marks a line said straight after one's report as talk, not more of it (besides THANKING): a
// question, a reply ("是我的", "报过了"), words to everyone, a sticker other than a photo.
const NOT_MORE = /谢了|拍谢|[?？]|[吗么冇嘛伐没]\s*$|哈哈|话说|顺便|撤回|知唔知|有冇|谁知道|听说|找到了|是我的|放心|晓得了|知道了|报过了|大家|\[(?!图片|视频|语音)[^\]]{1,4}\]|^(?:是|对|嗯|哦|好|系|得)/;
// "晚饭吃饺子还是面条": a question between two things, where nothing is wrong with either.
const CHOICE_QUESTION = /还是(?![^，,\s]*(?:坏|漏|堵|臭|吵|停|没|冇|不|滴|冒|响))[^，,\s]{1,4}$/;
/** Any Chinese character: the line is not English or pinyin alone. */
const HAN = /\p{Script=Han}/u;
/** A laugh by emoji or in English (哈哈 and 笑死 are chatter already). */
const LAUGH = /😂|🤣|😆|(?<![a-z])lol(?![a-z])/i;
const ALSO = /^(?:还有|仲有|還有|而且|并且|並且|又是)/;
// "还有 …", "还有个事 …", "还有2栋…": the next thing, set off by a pause or a place (not "还有人在里面").
const NEXT_THING = /^(?:还有|仲有|還有)(?:个事|一件事|个问题|一个事)?(?:[\s，,、：:]|(?=[\d一二三四五六七八九十]+(?:号楼|栋|幢|座|单元|号院))|(?=(?:我们|俺们|咱们|阿拉|我哋)?(?:小区|院里|院子|[\d一二三四五六七八九十]+号院))|(?=地下|车库|楼道|楼梯|门口|[东西南北]门|大门|后门|电梯|那(?!么|样)|这(?!么|样)|对门|楼上|楼下|隔壁|后头|后面|前头|前面|咱|(?:我|俺)(?:的|那|家)|垃圾))/;
const EN_ALSO = /^\W*(?:also|and also|plus)(?![a-z])/i;
/** A standing grievance, not today's event. */
const HABITUAL = /天天|每天|每晚|每次|老是|总是|經常|经常|长期|常年|一年到头|成天|整天/;
// Three characters in a row from the report, two of them words of substance ("那冰溜子得有一米多长"
// after "…挂了个冰溜子老长了"), name the same thing — unless the places differ. Runs of request
// boilerplate ("处理一下", "天没人") and of places ("号楼单") are said of anything.
const PLAIN_CHARS = new Set([...'一下了的是在有不没人我你他她们这那个处理麻烦请尽快帮忙看来修天都很太好还能吗呢吧啊呀要会说去到上下里面多少点几已经再又也就和跟给让被把得着过么啥咋怎样什时候今明昨早晚今年月日号楼栋幢座单元层室门口区期边旁前后']);
function sharesPhrase(text: string, reportText: string): boolean {
  const a = normalizeText(text).replace(/[^\u4e00-\u9fff]+/g, '|');
  const b = normalizeText(reportText).replace(/[^\u4e00-\u9fff]+/g, '|');
  for (let i = 0; i + 3 <= a.length; i++) {
    const run = a.slice(i, i + 3);
    if (run.includes('|') || [...run].filter((ch) => !PLAIN_CHARS.has(ch)).length < 2 || !b.includes(run)) continue;
    return !placesConflict(signatureOf(text), signatureOf(reportText));
  }
  return false;
}

function visibleLength(text: string): number {
  return text.replace(/[\s\p{P}\p{S}\p{Extended_Pictographic}]/gu, '').length;
}

const bigramMemo = new Map<string, Set<string>>();

function bigrams(text: string): Set<string> {
  let grams = bigramMemo.get(text);
  if (!grams) {
    grams = bigramsOf(text);
    if (bigramMemo.size >= 2048) bigramMemo.clear();
    bigramMemo.set(text, grams);
  }
  return grams;
}

// English words every message has: letter pairs of English share too much to compare by.
const EN_STOPWORDS = new Set('the and for are but not you your with this that there they them from have has had was were will can pls please any anyone someone what when who how our its it\'s just also too very'.split(' '));

function bigramsOf(text: string): Set<string> {
  const normal = normalizeText(text);
  const grams = new Set<string>();
  // English and pinyin compare by whole words, Chinese by character pairs.
  for (const w of normal.match(/[a-z][a-z']{2,}/g) ?? []) if (!EN_STOPWORDS.has(w)) grams.add(w);
  const t = normal.replace(/[a-z']+/g, '').replace(/[\s\p{P}\p{S}\p{Extended_Pictographic}\d]/gu, '');
  for (let i = 0; i + 1 < t.length; i++) grams.add(t.slice(i, i + 2));
  return grams;
}

/** Dice similarity of character bigrams: cheap, and robust to word order and dialect spelling. */
export function textSimilarity(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const g of x) if (y.has(g)) shared++;
  return (2 * shared) / (x.size + y.size);
}

export function isImageOnly(text: string): boolean {
  return IMAGE_TEXT.test(text.replace(/\s+/g, ''));
}

/** "+1", "我家也是", "我们楼也停了": confirms a problem already reported, adds nothing new. */
export function isAgreement(text: string, c: Classification | null): boolean {
  const t = text.trim();
  if (notAgreeing(t)) return false;
  // English says in ten words what Chinese says in twenty characters.
  const english = !HAN.test(t) && /[a-z]{2}/i.test(t);
  const short = (chars: number) => (english ? t.split(/\s+/).length <= 10 : visibleLength(t) <= chars);
  if (AGREEMENT.test(t)) return short(24);
  if (c?.nonRequestKind === 'agreement') return true;
  return !c?.isRequest && short(20) && (AGREEMENT_ANYWHERE.test(t) || EN_AGREE.test(t));
}

// Short lines that are no piece of a report: relief ("吓煞人 还好还好", "俺9号楼的气可得劲，没事儿"), help
// on its way ("俺离得近 这就去"), breakfast.
// Nor is a neighbour on the way to help ("我就住对门 我先去敲门", "𠊎就住11巷 而家过去"), a blessing or
// thanks ("阿弥陀佛 老天保佑", "辛苦了[强]"), or an entry of a group-buy list ("2. 1单元黄叔 2份"): said
// before the same sender's next line, they are not its first piece.
const NOT_A_PIECE =
  /^(?:哈{2,}|呵{2,}|嘿{2,}|嘻{2,})|没事|还好|没问题|正常|好好的|可得劲|这就去|马上去|马上到|喊回来|好吃|美滴很|香得很|(?:我|俺|额|𠊎)(?:先|这就|马上|现在|也)?(?:上去|过去|下去|去|克)(?:敲|看看?|瞧瞧?)|(?:我|俺|额|𠊎)(?:也|先|这就|马上)?过去|而家过去|可以帮忙|保佑|阿弥陀佛|恭喜|辛苦了|多谢|谢谢|好人|^终于|^\d{1,3}[.、．]\s*\S.{0,12}\d+\s*(?:份|人|个|斤|箱|袋|盒|只)$/;
/** A piece of a report still being typed: short, and neither chit-chat nor a sticker. */
function isFragment(text: string, c: Classification | null, continuing = false): boolean {
  // "@网格员-阿杰 阿杰在吗", "小魏啊俺跟恁说个事啊就是俺们这个十一栋", "那个网格员小周啊我跟你说个事儿就是我们
  // 那个7号楼前头那个井盖" (voice input): calling someone, or telling them a matter is coming and naming
  // where — the first piece, however long, whatever a filter made of the name in front.
  if (callsSomeone(text) || ANNOUNCES_A_MATTER.test(text.trim()) || (TELLING_OPENER.test(text) && visibleLength(text) <= 40 && !QUESTION.test(text))) return true;
  if (c?.nonRequestKind && c.nonRequestKind !== 'empty') return false;
  if (REPLY.test(text.trim()) || COMMENTARY.test(text) || NOT_A_PIECE.test(text) || mentionsProblemOver(text)) return false;
  // A piece of a report has some Chinese ("7栋", "物业") or a few words of English or pinyin
  // ("sb dumped a mattress", "ting shui le?"); code and pasted strings have neither.
  if (!HAN.test(text)) return LATIN_PIECE.test(text.trim()) && !CHATTER.test(text);
  const n = visibleLength(text);
  // "各位邻居好 打扰了 我是7栋601刘素芬的女儿 我在深圳上班": who is asking, before what they ask; "我奶奶
  // 1号楼4单元501 一个人住": whom it is about.
  // (Telling someone a matter is coming is a first piece too — checked first, above.)
  if ((INTRODUCES_ONESELF.test(text) || INTRODUCES_A_RELATIVE.test(text)) && n <= 40 && !QUESTION.test(text)) return true;
  return n > 0 && n <= (continuing ? 20 : 12);
}
const TELLING_OPENER =
  /^[^，。！？,.!?]{0,12}?(?:我|俺|额)(?:跟|给|和|同)(?:你们|您们|你|您|恁|侬|你哋)(?:说|讲|港|反映|汇报)(?:个事儿?|一下|下|一声)?|^[^，。！？,.!?]{0,8}?(?:我|俺|额)(?:说|讲|港)(?:一下|个事儿?|下)(?:啊|哈|哦|嘛)?[\s，,]*就是/;
// "@网格员-阿杰 阿杰在吗", "物业在不在": calling for someone, nothing asked yet.
const CALLING = /^[^\s，,。！？!?]{1,10}?[\s，,]*(?:在吗|在不在|在冇|在伐|在么|在没|在否|在唔在|在没有|在嘛)[?？\s~～。!！]*$/;
function callsSomeone(text: string): boolean {
  return CALLING.test(stripLeadingMentions(text).trim());
}
const INTRODUCES_ONESELF = new RegExp(`^[^。！？!?]{0,14}?${WHOSE_CHILD.source}女?(?:[，,\\s]|$)`);
// "各位叔叔阿姨 我奶奶1号楼4单元501潘淑琴 一个人住": whom the matter is about, and where, before the matter.
const INTRODUCES_A_RELATIVE =
  /^[^。！？!?]{0,10}?(?:我|俺)(?:家)?(?:奶奶|爷爷|外婆|外公|姥姥|姥爷|妈|爸|老妈|老爸|母亲|父亲|婆婆|公公|老母亲|老父亲|老人)[^。！？!?]{0,24}(?:一个人住|独居|一个人在家|住(?:在)?[\d一二三四五六七八九十]+(?:号楼|栋|幢|座))/;

// How residents call an official whose group nickname is "网格员-小彭", "社区工作人员钟姐", "社区民警王警官":
// 小彭, 钟姐, 王警官 (or the whole nickname, after an @).
const ADDRESS_FORM = /(?:[小老阿][\u4e00-\u9fa5]|[\u4e00-\u9fa5](?:姐|哥|叔|姨|师傅|主任|警官|书记|经理|所长|站长|干事))$/u;
// A question put as residents end one: "…可以领无", "…周六开门不", "…要空腹伐" (or as a choice: "每户2个还是每人2个").
const ASKS_AT_THE_END = /(?:不|没|无|伐|未|冇|咩|嘛|么|吗|哇|没有)[\s？?~～。.!！]*$/;
/**
 * A question asked of an official by name ("郑姐 阮阿公92岁 户口在潮阳 人住这边 可以领无"): the
 * taxonomy's "a question that needs an answer from staff", however little the words look like a
 * report. (Of the development sets' resident lines opening on an official's name, 88% are requests.)
 * Not thanks, a chase of a report, or what a filter is sure is chat.
 */
function asksAnOfficial(text: string, c: Classification, names: readonly string[] | undefined): boolean {
  if (c.isRequest || !names?.length) return false;
  if (c.nonRequestKind && c.nonRequestKind !== 'staff_reply') return false;
  const t = text.replace(/^[@\s]+/, '');
  const called = names.some((name) => {
    const form = ADDRESS_FORM.exec(name)?.[0];
    return t.startsWith(name) || (form !== undefined && t.startsWith(form));
  });
  if (!called) return false;
  if (/谢|辛苦|thank/i.test(t) || STATUS_QUESTION.test(t) || mentionsProblemOver(t) || callsSomeone(text)) return false;
  return QUESTION.test(t) || ASKS_AT_THE_END.test(t) || /还是/.test(t);
}

function recentIn(reports: OpenReport[], now: Date, windowMs: number): OpenReport[] {
  return reports.filter((r) => now.getTime() - r.lastReportAt.getTime() <= windowMs);
}
/** The line hears someone shut in a lift where the report told of none (a power cut that stopped the lift). */
function trappedAnew(text: string, report: string): boolean {
  return someoneInALift(text) && !someoneInALift(report);
}

// A neighbour's line about an open report is a report of its own (acknowledged, and it may raise the
// ticket) only when the model is sure it reads as one: of such lines the labels call 150 of 212 below
// p(request) .9 a "me too" or "still broken" (62 requests), and 583 of 791 above it requests.
const REPEAT_REPORT_CONFIDENCE = 0.9;
/** Another resident's line about an open report: a repeat report, or — unsure and calm — a co-report. */
function repeatOf(ticketNo: number, inGroup: boolean, c: Classification): Understanding {
  if (c.requestConfidence < REPEAT_REPORT_CONFIDENCE && c.urgency !== 'urgent') return { kind: 'co_report', ticketNo };
  return { kind: 'duplicate', ticketNo, sameGroup: inGroup, classification: c };
}

/** The report last spoken of (reported or co-reported) first. */
function lastSpokenOfFirst(reports: OpenReport[]): OpenReport[] {
  return [...reports].sort((a, b) => b.lastReportAt.getTime() - a.lastReportAt.getTime());
}

// Signatures are read again and again (a message by every check, open tickets by every message of
// their community): keep enough for every open report of a busy district (a few hundred were
// evicted before they were read again once fifteen communities each had dozens open).
const SIGNATURES_KEPT = 3000;
const signatures = new Map<string, ProblemSignature>();
function signatureOf(text: string): ProblemSignature {
  let sig = signatures.get(text);
  if (!sig) {
    sig = problemSignature(text);
    if (signatures.size > SIGNATURES_KEPT) signatures.delete(signatures.keys().next().value!);
    signatures.set(text, sig);
  }
  return sig;
}

/** Later in the minute: the report's place, "而且…", a short detail, or a phone number to call back on (a plate or a name and room is a report's content, not a way to reach its writer). */
/**
 * An official spoke in the group since the sender's last line ("您几号楼几门？", "带身份证来社区就可以"):
 * what the reporter says now answers them — their room and name, a phone, "好嘞 我下午来" — and is
 * no longer the report told in pieces. An urgent word is still the report ("叫了 她喘不上气了").
 */
function answersOfficial(u: Utterance, c: Classification, since: Date, view: ConversationView, ticketNo: number): boolean {
  const spoke = view.officialSpokeAt;
  if (!spoke || spoke.getTime() <= since.getTime() || spoke.getTime() > u.at.getTime()) return false;
  const ticket = view.openInCommunity.find((r) => r.no === ticketNo);
  // (An emergency's reporter telling how it goes once help answered — "孩子在里头哭 俺在外头拍门跟她说话呢",
  // "来电了 制氧机又转起来了" — may read urgent to the model, but the ticket is urgent already: news for
  // the duty group. Words of danger of its own, though, are more of the emergency.)
  const emergency = ticket?.urgency === 'urgent';
  if (c.urgentSignal || (c.urgency === 'urgent' && !emergency)) return false;
  // An answer gives what was asked for; a danger the report does not name ("楼下好像有烟上来" after
  // the rats) is news, not an answer.
  const own = signatureOf(u.text);
  if ([...own.topics].some((t) => DANGER_TOPICS.has(t)) && ticket && sharedTopics(own, signatureOf(ticket.text), { family: true }).length === 0) return false;
  if (!c.isRequest) return true;
  if (emergency && !QUESTION.test(u.text) && (own.topics.size === 0 || sharedTopics(own, signatureOf(ticket.text), { family: true }).length > 0)) return true;
  // "8号楼3单元 俺家402 楼上502" after "您是几号楼几单元？": where, and nothing else.
  if (own.topics.size === 0 && own.places.size > 0 && !QUESTION.test(u.text) && visibleLength(u.text) <= SHORT_ANSWER_CHARS) return true;
  // Read alone as a request, it is still an answer when it gives what was asked for (a phone, a room
  // and name) and names no problem and asks nothing ("渝A·T8K35 停在9栋消防通道" is a report).
  return MAY_HOLD_PII.test(u.text) && findPii(u.text).length > 0 && own.topics.size === 0 && !QUESTION.test(u.text);
}

function stillAboutReport(text: string, sig: ProblemSignature, report: ProblemSignature | null): boolean {
  if (report && samePlace(sig, report)) return true;
  if (GOES_ON.test(text.trim())) return true;
  if (visibleLength(text) <= SHORT_DETAIL_CHARS && (sig.places.size > 0 || DETAIL.test(normalizeText(text)))) return true;
  return MAY_HOLD_PII.test(text) && findPii(text).some((p) => p.kind === 'phone');
}

/**
 * Does a line right after (or about) a report say something about that problem? An addition names
 * the problem, a place or a detail ("对了，是1号梯", "水已经漫到二楼了"); "今天天气真不错" or a word
 * about a neighbour's cat says nothing about it and stays chat.
 */
function addsToReport(text: string, c: Classification, report: OpenReport | null, how: { strayed?: boolean; later?: boolean; repeatsReport?: boolean } = {}): boolean {
  // Greetings, stickers, adverts, notices, "+1": never part of a report. (The softer filters — a
  // clause that reads like a staff reply, "对了，是1号梯" — are judged on what they say.)
  if (c.nonRequestKind && CHAT_KINDS.has(c.nonRequestKind)) return false;
  if (text.length > MAX_CONTINUATION_CHARS) return false;
  // "谁有物业电话，快点" in the minute of an emergency asks for help with it, not a favour.
  const pleads = report?.urgency === 'urgent' && !how.later && !how.strayed && URGENT_PLEA.test(text);
  if (!c.urgentSignal && !pleads && (ADDRESSED.test(text.trim()) || ASKS_NEIGHBOURS.test(text))) return false;
  // "太感谢了 有情况随时打我" answers the neighbours who helped; "没事了" / "火灭了" / "虚惊一场 刘大爷在屋头
  // 睡着了" ends the report, whatever else it names.
  if (!c.urgentSignal && (THANKS.test(text.trim()) || mentionsProblemOver(text))) return false;
  // "好好好 韩师傅谢谢你", "阿斌谢谢你啊 上回我家门也是你开的": thanks to someone who helped — of 312 such
  // labelled lines none is more of a report (the two that are thank everyone for help asked for).
  if (THANKS_SOMEONE.test(text)) return false;
  const sig = signatureOf(text);
  const first = report === null ? null : signatureOf(report.text);
  const aboutIt = first !== null && (sharedTopics(sig, first, { family: true }).length > 0 || (how.repeatsReport ?? sharesPhrase(text, report!.text)));
  // "btw who's still coming to the bbq", "顺便问问…": the writer says it is something else.
  if (!aboutIt && !c.urgentSignal && saysAnotherMatter(text)) return false;
  if (aboutIt) return true;
  // Right after an urgent report, whatever is not chat is more of it ("very drunk, I am scared, my
  // children are here"), whether or not it reads as a request alone — an LLM's "not a request" on
  // such a line must not take it out of the emergency.
  if (report?.urgency === 'urgent' && !how.later && !how.strayed && !chatter(text) && !ASIDE.test(text) && !REPLY.test(text.trim()) && !EN_CLOSING.test(text)) return true;
  // Later in the minute, with neighbours talking in between, only what is plainly about the report
  // still belongs to it: its place, or a short detail or "而且…". A whole message about something
  // else is its own report or chat ("btw anyone know a good cleaner?", a bottle thrown from a height
  // after a power cut).
  if (how.later && !stillAboutReport(text, sig, first)) return false;
  if (c.urgentSignal) return true;
  // A laugh, the weather, a question about a parcel: chat, even when it reads like a request alone.
  if (chatter(text) || ASIDE.test(text)) return false;
  // After an aside: a place, a plea that names nothing else ("我们老两口都睡不好了 谁来管管" — the model
  // may file it under services on its own), or a detail that is not a phone number or an ID.
  if (how.strayed) return sig.places.size > 0 || (sig.topics.size === 0 && PLEA.test(text)) || (report !== null && c.isRequest && c.category === report.category && (ALSO.test(text.trim()) || sig.topics.size === 0)) || (DETAIL.test(normalizeText(text)) && !MAY_HOLD_PII.test(text.replace(/\d+\s*(?:号|楼|层|单元|梯|栋|天|个?小时|分钟)/g, '')));
  // A request in the same minute that did not read as a new problem (startsAnotherProblem) is more
  // about this one: "晚上骑车跟瞎子一样 差点撞到垃圾桶" after "路灯全不亮" is about the lights.
  if (c.isRequest) return true;
  if (REPLY.test(text.trim())) return false;
  // "而且放到九点半以后还冇散", "他还问我屋里几个人": the story goes on. A phone number, an ID or a
  // name and room given right after the report is what the duty staff will need.
  // "急死人了 要迟到了", "这都第三回了", "说他两句还跟我急眼": what the problem does to the writer,
  // said straight after it — more of the report, not chat about something else; so is a call on the
  // offices to act on it ("物业和社区要查一下").
  // (Not a laugh, and naming nothing else: "我家二哈又把沙发啃了，气死我了😂" is about the dog.)
  if (!how.later && (REACTION.test(text) || DEMANDS_ACTION.test(text.trim())) && sig.topics.size === 0 && !LAUGH.test(text)) return true;
  // "我家老人买菜回来进不去 在门口站了半天了" after "门禁又坏咯": what the problem does, in words the
  // model half takes for a request of the report's own category, naming nothing else.
  if (!how.later && report && c.source === 'model' && !c.nonRequestKind && !LAUGH.test(text) && sig.topics.size === 0 && c.category === report.category && c.categoryConfidence >= 0.5 && pRequest(c) >= 0.4) return true;
  // "我家阳台晾的被子烧了个窟窿[图片]" straight after "楼上又往下扔烟头了": the damage, and a photo of it.
  if (!how.later && report && PHOTO_TAG.test(text) && !LAUGH.test(text) && c.category === report.category) return true;
  // "盆都接了半盆了", "明天还上班呢 求求谁管管吧" ten seconds after one's own report, naming nothing
  // else: what the problem does, even when the model all but rules it out as a request alone (below
  // one in a hundred it is mostly chat). Round 24: on the development sets 133 such lines joined their
  // report rightly and 34 wrongly; no held-out or validation pool lost burst F1 by it.
  if (!how.later && !how.strayed && !c.nonRequestKind && sig.topics.size === 0 && pRequest(c) >= 0.01 && HAN.test(text) && !LAUGH.test(text) && !THANKING.test(text) && !NOT_MORE.test(text) && !CHOICE_QUESTION.test(text)) return true;
  return sig.places.size > 0 || DETAIL.test(normalizeText(text)) || GOES_ON.test(text.trim()) || (MAY_HOLD_PII.test(text) && findPii(text).length > 0) || EN_DETAIL.test(text);
}

export async function understand(
  u: Utterance,
  view: ConversationView,
  classifier: Classifier,
  cfg: ConversationConfig = DEFAULT_CONVERSATION,
): Promise<Understanding> {
  const result = await jointUrgency(u, view, await understandLine(u, view, classifier, cfg), classifier);
  // More of the report, but said after an official spoke to the reporter: an answer to them.
  if (result.kind === 'continue' && result.classification && view.burst && answersOfficial(u, result.classification, view.burst.lastAt, view, result.ticketNo)) {
    return { kind: 'answer', ticketNo: result.ticketNo };
  }
  return result;
}

async function jointUrgency(u: Utterance, view: ConversationView, result: Understanding, classifier: Classifier): Promise<Understanding> {
  if (result.kind !== 'continue' && result.kind !== 'follow_up_info' && result.kind !== 'duplicate') return result;
  const c = result.classification;
  if (!c || c.urgentSignal) return result;
  // Urgency is judged on the report read together with the line, both ways: a short addition the
  // model alone calls urgent ("按警铃没人应 物业快来看看") makes the ticket urgent only when the whole
  // is; a line that completes a report told in pieces ("4号楼东单元电梯" / "卡五层不动了 里头有人拍门喊")
  // makes it urgent when the rules find an urgent word in the whole. An urgent word in the line
  // itself decides alone. A neighbour's repeat of an open report is read with it the same way
  // ("都晚上了 6栋还是冇得电梯" is no emergency because the model hears 没电 in it).
  const raises = result.kind === 'continue' && c.urgency !== 'urgent';
  if (c.urgency !== 'urgent' && !raises) return result;
  const ticket = view.openInCommunity.find((r) => r.no === result.ticketNo);
  if (!ticket || ticket.urgency === 'urgent') return result;
  const joint = await classifier.classify({ text: `${ticket.text}\n${u.text}`, mentionsBot: u.mentionsBot });
  if (raises && joint.urgentSignal && joint.urgency === 'urgent') {
    return { ...result, classification: { ...c, urgency: 'urgent', urgentSignal: joint.urgentSignal, urgencyConfidence: joint.urgencyConfidence } };
  }
  if (!raises && joint.urgency !== 'urgent') return { ...result, classification: { ...c, urgency: 'normal', urgencyConfidence: joint.urgencyConfidence } };
  return result;
}

async function understandLine(
  u: Utterance,
  view: ConversationView,
  classifier: Classifier,
  cfg: ConversationConfig,
): Promise<Understanding> {
  // Staff and volunteers answering in a resident group: an answer, never a report.
  if (u.senderRole && u.senderRole !== 'resident') return { kind: 'ignore', classification: null };
  const now = u.at;
  const burst = view.burst && now.getTime() - view.burst.lastAt.getTime() <= cfg.burstWindowMs ? view.burst : null;
  // Later in the burst window than a line that follows straight on (see addsToReport).
  const later = burst !== null && now.getTime() - burst.lastAt.getTime() > CLOSE_FOLLOW_MS;
  const image = u.image || isImageOnly(u.text);
  const classify = (text: string) => classifier.classify({ text, mentionsBot: u.mentionsBot });

  // 1. The burst already made a ticket: more lines continue it unless they start another problem.
  if (burst?.ticketNo != null) {
    if (image) return { kind: 'continue', ticketNo: burst.ticketNo, classification: null };
    // "城管到底管不管啊" right after the report is part of it; "我那个事怎么样了" asks after it.
    // ("十二点半了还没来！！俺家老太太得吸氧 制氧机用不了" asks, but someone in distress is news for the duty staff.)
    if (STATUS_QUESTION.test(u.text) && !RHETORICAL.test(u.text) && !DISTRESS.test(u.text)) return { kind: 'follow_up_question', ticketNo: burst.ticketNo };
    if (BARE_ASK_OPENING.test(u.text.trim()) || ANNOUNCES_A_MATTER.test(u.text.trim())) return { kind: 'fragment' };
    const c = await classify(u.text);
    const ticket = view.openInCommunity.find((r) => r.no === burst.ticketNo) ?? null;
    // Back to the sender's report of a moment ago after an aside that became a ticket of its own
    // ("…有股煤气味" / "对哒 我那个高龄补贴…" / "302敲门冇得人应 是不是漏气哒"): more of that report.
    const back = ticket ? backToOwnReport(u, ticket, view, cfg) : null;
    if (back) return { kind: 'follow_up_info', ticketNo: back.no, classification: c };
    // In the minute of an urgent report, what the sender says next stays with it unless it says it is
    // another matter or another place: a line split off would leave the emergency, and an LLM that
    // settles a category differently must not be able to split one.
    // (The emergency's own reporter; one who joined it with a "+1" or a repeat says more only about it.)
    const ownEmergency = ticket?.urgency === 'urgent' && ticket.reporterIds[0] === u.senderId;
    // (Three words in common are no repeat when the line says it is another matter: "还有个事…".)
    const repeatsReport = ticket !== null && !saysAnotherMatter(u.text) && sharesPhrase(u.text, ticket.text);
    const another = repeatsReport ? false : ownEmergency ? saysAnotherMatterOrPlace(u.text, c, ticket, burst.ticketCategory) : startsAnotherProblem(u.text, c, ticket, burst.ticketCategory) || namesAnotherProblem(u.text, c, ticket, burst.ticketCategory);
    // "俺家木地板泡了 这个谁给赔" in the minute of a burst pipe: the claim is a matter of its own, as it is later.
    if (another || (claimsAfterTheFact(u.text) && !c.urgentSignal && c.isRequest)) return decideAlone(u, c, view, cfg);
    if (later && ticket) {
      // "第5座18樓" well after a report that has its place and its problem: the first piece of
      // another report, not more of this one.
      if (!isAgreement(u.text, c) && !(c.nonRequestKind && CHAT_KINDS.has(c.nonRequestKind)) && placeOnlyElsewhere(u.text, ticket)) return { kind: 'fragment' };
      // "晚上了 北门门禁还是坏的": the writer says time has passed — news about the report, not
      // more of its first telling; and when it is still not done, a chase, as it is hours later (a chat
      // replayed without its gaps, a phone that was offline).
      if (TIME_HAS_PASSED.test(u.text.trim()) && !c.nonRequestKind) {
        if (ticket.reporterIds[0] === u.senderId && chases(u.text, c)) return { kind: 'follow_up_question', ticketNo: ticket.no, chase: true };
        return { kind: 'follow_up_info', ticketNo: ticket.no, classification: c };
      }
    }
    // A continuation says more about the problem; a remark, a question to the neighbours or a
    // pasted wall of text in the same minute is not part of the report. Neighbours speak in
    // between: "对 我也听到了" agrees with what someone else just reported.
    // A request that is not more of this one is a report of its own ("还有 我想问一下老年卡在哪办").
    if (!addsToReport(u.text, c, ticket, { strayed: burst.strayed, later, repeatsReport })) {
      // "昨晚炉子封上睡的" straight after "头贼疼 还有点恶心 是不是冻感冒了": neither alarms alone, read
      // together they are carbon monoxide — the line completes the report.
      // (Read together once: the urgency comes with the line, and jointUrgency has nothing left to read.)
      const joint = ticket ? await completesADanger(u.text, c, ticket, later, classify) : null;
      if (joint) return { kind: 'continue', ticketNo: burst.ticketNo, classification: { ...c, urgency: 'urgent', urgentSignal: joint.urgentSignal, urgencyConfidence: joint.urgencyConfidence } };
      return c.isRequest && !chatter(u.text) ? decideAlone(u, c, view, cfg) : agreementElsewhere(u, c, view, cfg);
    }
    return { kind: 'continue', ticketNo: burst.ticketNo, classification: c };
  }

  // 2. Pieces without a ticket yet ("7栋", a photo): read them together with this line.
  if (burst && burst.fragments.length > 0) {
    if (image) return { kind: 'fragment' };
    const own = await classify(u.text);
    // "那个灯确实好久不亮了" after a neighbour's report agrees with it, whatever this sender said before.
    if (isAgreement(u.text, own)) {
      const agreed = await agreementElsewhere(u, own, view, cfg);
      if (agreed.kind !== 'ignore') return agreed;
    }
    // "天哪 赶紧拉个警戒线吧" then a forwarded news item: a remark and a notice, not one report.
    if (own.nonRequestKind && own.nonRequestKind !== 'empty') return { kind: 'ignore', classification: own };
    // A whole report of its own well after the pieces ("calling 110 now", then half a minute later a
    // leaking ceiling): the pieces were about something else.
    if (own.isRequest && later && visibleLength(u.text) > SHORT_DETAIL_CHARS) return decideAlone(u, own, view, cfg);
    // A photo, then where: still waiting for what.
    if (placeOnly(u.text, own, signatureOf(u.text))) return { kind: 'fragment' };
    const joined = [...burst.fragments.filter((f) => !f.image).map((f) => f.text), u.text].join('\n');
    const read = await classify(joined);
    // "不是说3点来电嘛 现在都5点了5栋还是莫得电" is an emergency alone: a piece in front does not calm it.
    const c = own.isRequest && own.urgency === 'urgent' && read.urgency !== 'urgent' ? { ...read, urgency: own.urgency, urgentSignal: own.urgentSignal, urgencyConfidence: own.urgencyConfidence } : read;
    if (c.isRequest) {
      const alone = await decideAlone(u, own, view, cfg);
      // A repeat of an open problem stays a repeat, even when it came in pieces.
      if (alone.kind === 'duplicate' || alone.kind === 'co_report') return alone;
      return { kind: 'new', text: joined, messageIds: [...burst.fragments.map((f) => f.id), u.id], classification: c };
    }
    return isFragment(u.text, c, true) ? { kind: 'fragment' } : { kind: 'ignore', classification: c };
  }

  if (image) return { kind: 'fragment' };
  return decideAlone(u, await classify(u.text), view, cfg);
}

/**
 * A line with no alarm of its own that makes an alarm when read with the routine report just made:
 * the two read together, or null. (The report is routine, so its own words raised no alarm.)
 */
async function completesADanger(text: string, c: Classification, ticket: OpenReport, later: boolean, classify: (text: string) => Promise<Classification>): Promise<Classification | null> {
  if (later || ticket.urgency === 'urgent' || c.urgentSignal || (c.nonRequestKind && CHAT_KINDS.has(c.nonRequestKind))) return null;
  if (saysAnotherMatter(text) || chatter(text) || ASIDE.test(text) || REPLY.test(text.trim()) || THANKS.test(text.trim()) || mentionsProblemOver(text)) return null;
  const joint = await classify(`${ticket.text}\n${text}`);
  return joint.urgentSignal !== null && joint.urgency === 'urgent' ? joint : null;
}

const OUTSIDE_BUILDINGS = ['spot', 'gate', 'street', 'lane', 'zone'];
/** One names only places outside the buildings (the garage, a gate, a street), the other a building or unit. */
function insideAndOutside(a: ProblemSignature, b: ProblemSignature): boolean {
  const outside = (s: ProblemSignature) => s.places.size > 0 && [...s.places.keys()].every((k) => OUTSIDE_BUILDINGS.includes(k));
  const inside = (s: ProblemSignature) => s.places.has('building') || s.places.has('unit');
  return (outside(a) && inside(b)) || (inside(a) && outside(b));
}
/**
 * A report that names no building, by someone whose nickname does ("3号楼-老孟"), is about that
 * building — except an outage of the whole estate, which every building shares.
 */
function withHome(sig: ProblemSignature, senderName: string | undefined): ProblemSignature {
  // (A place outside the buildings — the garage, a gate, a street — is not the writer's building.)
  if (!senderName || sig.places.has('building') || OUTSIDE_BUILDINGS.some((k) => sig.places.has(k))) return sig;
  if (sig.topics.size > 0 && [...sig.topics].every((t) => ESTATE_WIDE.has(t))) return sig;
  const home = homeBuilding(senderName);
  if (home === undefined) return sig;
  return { topics: sig.topics, places: new Map([...sig.places, ['building', new Set([home])]]) };
}

// "杨奶奶怎么样了", "老周咋样了": asking after a person, by a word for them.
const ASKS_AFTER_PERSON = /^(?:那个|那位)?([\u4e00-\u9fa5]{0,3}(?:奶奶|爷爷|阿姨|阿婆|阿公|大爷|大妈|婆婆|伯|叔|姐|哥|姨)|老[\u4e00-\u9fa5]|小[\u4e00-\u9fa5])(?:现在)?(?:怎么样|咋样|么样|如何|好点|好些)/;
function asksAfterSomeoneElse(text: string, ticketText: string): boolean {
  const m = ASKS_AFTER_PERSON.exec(text.trim());
  return m !== null && !ticketText.includes(m[1]!);
}

/** The one building a nickname names ("3号楼-老孟", "6-2-501王姐"), if any. */
function homeBuilding(senderName: string | undefined): string | undefined {
  if (!senderName) return undefined;
  const home = signatureOf(senderName).places.get('building') ?? dashedHome(senderName);
  return home?.size === 1 ? [...home][0] : undefined;
}

/** "5-2-802马大爷", "6-2-501王姐": building, unit and flat in a nickname — the first is the building. */
const DASHED_ADDRESS = /^\D{0,4}?(\d{1,2})-\d{1,2}-\d{3,4}(?!\d)/;
function dashedHome(senderName: string): Set<string> | undefined {
  const m = DASHED_ADDRESS.exec(senderName);
  return m ? new Set([String(Number(m[1]))]) : undefined;
}

/** A line that is not part of the sender's own burst: a co-report of another's report, or chat. */
async function agreementElsewhere(u: Utterance, c: Classification, view: ConversationView, cfg: ConversationConfig): Promise<Understanding> {
  if (isAgreement(u.text, c)) {
    const alone = await decideAlone(u, c, view, cfg);
    if (alone.kind === 'co_report' || (alone.kind === 'new' && outageElsewhere(u, signatureOf(u.text), view, cfg))) return alone;
  }
  return { kind: 'ignore', classification: c };
}

// Problems that come together in one report: rubbish draws rats, a burst pipe floods the floor, a
// dead transformer darkens the stairs and stops the lift, a charging e-bike smokes.
const KIN: string[][] = [
  ['rubbish', 'pests', 'smell', 'drain', 'animal'],
  ['leak', 'flood', 'water_out', 'water_quality', 'hot_water', 'heating', 'drain'],
  ['power_out', 'light', 'street_light', 'lift', 'door', 'network'],
  ['fire', 'gas_smell', 'gas_out', 'ebike', 'smell', 'power_out'],
  ['noise', 'renovation', 'animal', 'vendor', 'building_work'],
  ['parking', 'road', 'ebike', 'manhole'],
  ['vendor', 'road'],
  ['stranger', 'theft', 'scam', 'door', 'gambling', 'fight'],
  // Water through a roof or a wall shows on it: "俺家也是 卧室墙皮都鼓了" after a leaking roof.
  ['leak', 'structure'],
];
const NEAR_MISS = /差点|差一点|险些|好在没/;
/**
 * The line names a danger the report does not share: people in the lift of a power cut, a fall beside a
 * barking dog. The same problem grown dangerous is none ("水已经漫到电箱了" after a leak: the water is the
 * leak's), so a shared leak counts as shared.
 */
function namesNewDanger(line: ProblemSignature, report: ProblemSignature): boolean {
  if (![...line.topics].some((t) => DANGER_TOPICS.has(t))) return false;
  return !sharedTopics(line, report, { family: true }).some((t) => DANGER_TOPICS.has(t) || t === 'leak');
}
function kindred(a: ProblemSignature, b: ProblemSignature): boolean {
  if (sharedTopics(a, b, { family: true }).length > 0) return true;
  return KIN.some((kin) => kin.some((t) => a.topics.has(t)) && kin.some((t) => b.topics.has(t)));
}

/**
 * A line in the same minute as a report that is a report of its own: announced as another matter
 * ("另外请问…", "对了还有…"), or a confident request of another category about another place
 * ("东门垃圾桶满了" after "电梯关人了"). Without either, the same minute is the same report:
 * residents add to a report in words that on their own read as something else.
 */
function startsAnotherProblem(text: string, c: Classification, ticket: OpenReport | null, ticketCategory: string | null): boolean {
  if (!c.isRequest) return false;
  const own = signatureOf(text);
  const first = ticket ? signatureOf(ticket.text) : null;
  // Danger of another kind after a grievance, however short ("楼下打起来了" after the barbecue stall's
  // noise): an emergency of its own, not a line of the complaint.
  if (first && c.urgentSignal && ticket!.urgency !== 'urgent' && c.category !== ticketCategory && named(own) && named(first) && !kindred(own, first)) return true;
  if (visibleLength(text) <= 8) return false;
  // After an opener that says nothing yet ("反映个事情", "各位", "物业在吗"), the next line is the matter.
  if (first && visibleLength(ticket!.text) <= 8 && !named(first) && first.places.size === 0) return false;
  if ((saysAnotherMatter(text) || ASK_OPENING.test(text)) && c.category !== ticketCategory) return true;
  const unrelated = first !== null && sharedTopics(own, first, { family: true }).length === 0 && !samePlace(own, first);
  // "还有 老年证在哪办啊", "还有2栋那个楼道灯…": the writer moves on to the next thing.
  if (first && nextThing(text, c, own, first, ticketCategory)) return true;
  // Danger of its own, about another named problem ("电梯里关到人了" after "整栋楼停电了"): another
  // department's emergency is not lost inside the first ticket.
  // (After a whole question that named no problem — "我家电费为哪样一个月要三百多 … 是不是电表有问题" —
  // "停电了 整个小区都黑了" is new too; after "屋里有人一直在喊", "喊的是起不来了" says what the cry was.)
  // The model's p(request) only gates it loosely (≥ .6): the rules already found danger in the line.
  const wholeQuestion = ticket !== null && ticket.urgency !== 'urgent' && QUESTION.test(ticket.text) && visibleLength(ticket.text) > 15;
  if (unrelated && c.urgentSignal && c.category !== ticketCategory && c.requestConfidence >= 0.6 && own.topics.size > 0 && (named(first!) || wholeQuestion) && visibleLength(text) > 8) return true;
  // Another named problem at another named place ("8号楼门口的路灯也坏了" after "5号楼电梯卡了"),
  // or of another kind with no word in common ("井盖没了" after "楼下有人摆摊"): a report of its own.
  // Another building and another problem, kindred or not ("8号楼门口的路灯也坏了" after "5号楼电梯卡了"):
  // kinship joins what happens together in one place (a power cut stops the lift), not across buildings.
  if (first && anotherPlaceAndProblem(own, first)) return true;
  // ("差点撞到垃圾桶" after "路灯不亮" is what the dark did, not another report.)
  if (first && c.requestConfidence >= 0.7 && named(own) && named(first) && !kindred(own, first) && !NEAR_MISS.test(text)) {
    if (placesConflict(own, first)) return true;
    if (unrelated && c.category !== ticketCategory && c.categoryConfidence >= 0.6) return true;
  }
  // A whole report of its own, confident and complete, about a named problem the first never
  // mentions (when the first names one, or is a whole message of its own: a short "屋里有人一直在喊"
  // is explained by "喊的是起不来了", not followed by another report) and
  // of another category: the sender has moved on ("楼下有两个人拿着刀在吵 快报警" after
  // "我跟楼下那家吵起来了" is not; a lift with people in it after a broken gate is).
  if (first && c.requestConfidence >= 0.9 && visibleLength(text) > 15 && named(own) && (named(first) || visibleLength(ticket!.text) > 20) && c.category !== ticketCategory && sharedTopics(own, first, { family: true }).every((t) => WEAK_TOPICS.has(t))) return true;
  // Another department's question with nothing of the report in it ("身份证… 帮我问下低保"). (Not a
  // line with danger in it — "[图片] 你们看这么大一块 砸到人要出人命的" is the report's picture, whatever
  // department an LLM files it under.)
  if (first && unrelated && !c.urgentSignal && own.topics.size === 0 && own.places.size === 0 && c.category !== ticketCategory && c.requestConfidence >= 0.85 && c.categoryConfidence >= 0.85 && !DETAIL.test(normalizeText(text))) return true;
  if (!(c.requestConfidence >= 0.8 && c.categoryConfidence >= 0.6 && c.category !== ticketCategory && visibleLength(text) > 12)) return false;
  if (!first) return own.places.size > 0;
  return unrelated && own.places.size > 0;
}

/** "我们4号楼也没气" after "3号楼一整栋都没气了": one outage that reaches several buildings. */
function sameOutage(text: string, sig: ProblemSignature, theirs: ProblemSignature): boolean {
  return (OUTAGE_WORD.test(text) || REPEAT_CUE.test(text)) && sharedTopics(sig, theirs).some((t) => ESTATE_WIDE.has(t));
}

/**
 * Places that rule out one report: another building, street or gate. Another unit of the same
 * building does not — "我家也不热，11号楼一单元" agrees with a report from 11号楼 whose writer lives in 3单元.
 */
function conflictBeyondUnit(a: ProblemSignature, b: ProblemSignature): boolean {
  if (!placesConflict(a, b)) return false;
  const building = (s: ProblemSignature) => s.places.get('building');
  const sameBuilding = [...(building(a) ?? [])].some((v) => building(b)?.has(v));
  if (!sameBuilding) return true;
  const strip = (s: ProblemSignature): ProblemSignature => ({ ...s, places: new Map([...s.places].filter(([k]) => k !== 'unit' && k !== 'lift')) });
  return placesConflict(strip(a), strip(b));
}

/**
 * The sender's other report in this group of the last two minutes that the line is about, when the
 * current one is an aside they announced and the line is not about it.
 */
function backToOwnReport(u: Utterance, current: OpenReport, view: ConversationView, cfg: ConversationConfig): OpenReport | null {
  // Only after an aside the writer announced as one ("对哒…", "顺便问问…"): its first line says so.
  const opening = current.text.split('\n', 1)[0]!.trim();
  if (!OH_AND.test(opening) && !saysAnotherMatter(opening)) return null;
  const sig = signatureOf(u.text);
  if (!named(sig) || sharedTopics(sig, signatureOf(current.text), { family: true }).length > 0) return null;
  return (
    recentIn(view.openInCommunity, u.at, cfg.burstWindowMs * 2).find(
      (r) => r.no !== current.no && r.groupId === u.roomId && r.reporterIds[0] === u.senderId && sharedTopics(sig, signatureOf(r.text), { family: true }).some((t) => !WEAK_TOPICS.has(t)),
    ) ?? null
  );
}

/** The open outage of this group ("2座停电了") that "1座也停了" says another building shares. */
function outageElsewhere(u: Utterance, sig: ProblemSignature, view: ConversationView, cfg: ConversationConfig): OpenReport | null {
  if (!OUTAGE_WORD.test(u.text) || !sig.places.has('building')) return null;
  const recent = recentIn(view.openInCommunity, u.at, cfg.coReportWindowMs).filter((r) => r.groupId === u.roomId);
  return (
    recent.find((r) => {
      const theirs = signatureOf(r.text);
      return placesConflict(sig, theirs) && [...theirs.topics].some((t) => ESTATE_WIDE.has(t)) && (sig.topics.size === 0 || sharedTopics(sig, theirs).length > 0);
    }) ?? null
  );
}

/** A short line that only names a place, somewhere other than where the report (named problem and place) is. */
function placeOnlyElsewhere(text: string, report: OpenReport): boolean {
  if (visibleLength(text) > SHORT_DETAIL_CHARS || GOES_ON.test(text.trim())) return false;
  const own = signatureOf(text);
  const first = signatureOf(report.text);
  if (own.topics.size > 0 || !named(first)) return false;
  const localities = (sig: ProblemSignature) => [...sig.places.keys()].filter((k) => LOCALITY.has(k));
  return localities(own).length > 0 && localities(first).length > 0 && !samePlace(own, first);
}

/** "另外…", "btw…": the writer says a new matter starts. */
function saysAnotherMatter(text: string): boolean {
  // (After an @ to whoever is asked: "@物业客服小陈 顺便问下…".)
  return ANOTHER_MATTER.test(normalizeText(stripLeadingMentions(text))) || EN_ANOTHER_MATTER.test(text);
}

/** A problem the signature names (not only "臭" or "吵"). */
function named(sig: ProblemSignature): boolean {
  return [...sig.topics].some((t) => !WEAK_TOPICS.has(t));
}

/** Another named problem at another named place, with nothing in common with the first. */
function anotherPlaceAndProblem(own: ProblemSignature, first: ProblemSignature): boolean {
  return named(own) && placesConflict(own, first) && sharedTopics(own, first, { family: true }).length === 0;
}

/** In the minute of an urgent report: only "另外…"/"btw…" or another place and problem start another. */
function saysAnotherMatterOrPlace(text: string, c: Classification, ticket: OpenReport, ticketCategory: string | null): boolean {
  if (!c.isRequest) return false;
  if ((saysAnotherMatter(text) || ASK_OPENING.test(text)) && c.category !== ticketCategory) return true;
  const own = signatureOf(text);
  const first = signatureOf(ticket.text);
  // "顺便问问 阿拉老头子血压药吃完哉" after a fall: said to be another matter, and sharing nothing with it.
  if (saysAnotherMatter(text) && !c.urgentSignal && sharedTopics(own, first, { family: true }).length === 0) return true;
  // "对哒 我那个高龄补贴这个月冇到账" after a gas smell: "oh, and…", then a confident request of
  // another category sharing nothing with the emergency.
  if (OH_AND.test(text.trim()) && !c.urgentSignal && c.category !== ticketCategory && c.requestConfidence >= 0.9 && c.categoryConfidence >= 0.9 && sharedTopics(own, first, { family: true }).length === 0 && !samePlace(own, first)) return true;
  // "Also" or "every day" about another named problem, no danger in it ("Also someone parked on the
  // fire lane…" after a lift with someone in it; "这个车天天停在楼道口" after a burst pipe): the sender
  // has moved on to a standing grievance, even in the minute of the emergency. Named problems that
  // are not kin decide it, not the category alone (the car is the property's too).
  if (movesOnToAGrievance(text, c, own, first)) return true;
  if (nextThing(text, c, own, first, ticketCategory)) return true;
  return anotherPlaceAndProblem(own, first);
}

/** "Also" or "every day" about another named problem, not kin to the report's, with no danger in it. */
function movesOnToAGrievance(text: string, c: Classification, own: ProblemSignature, first: ProblemSignature): boolean {
  if (!(ALSO.test(text.trim()) || EN_ALSO.test(text) || HABITUAL.test(text)) || c.urgentSignal || c.requestConfidence < 0.9 || visibleLength(text) <= 12) return false;
  return named(own) && named(first) && !kindred(own, first) && !NEAR_MISS.test(text) && !WORSENING.test(text);
}

/**
 * "还有 …", "还有个事 …", "还有2栋…" about another named problem, or another department's question,
 * sharing neither a problem nor a place with the report: the writer has moved on to the next thing.
 */
function nextThing(text: string, c: Classification, own: ProblemSignature, first: ProblemSignature, ticketCategory: string | null): boolean {
  if (!NEXT_THING.test(text.trim()) || c.urgentSignal || NEAR_MISS.test(text) || WORSENING.test(text)) return false;
  if (sharedTopics(own, first, { family: true }).length > 0) return false;
  // "还有那酒吧门口天天摆几张桌子 占了半条胡同" after the same bar's music: a whole request after "还有"
  // that shares no problem with the report is the next matter, at the same place or not (the labels
  // part 196 such lines from the report before them and join 35).
  if (c.isRequest && c.requestConfidence >= 0.85 && visibleLength(text) > 12) return true;
  if (samePlace(own, first)) return false;
  return (named(own) && !kindred(own, first)) || (c.category !== ticketCategory && c.categoryConfidence >= 0.8);
}

/**
 * However short, a line that names a problem of another kind than the report, of another category,
 * is not more of it ("5单元垃圾道" after a question about a lost 医保卡; a shop's loudspeaker after a
 * flooded street): it starts a report of its own, or is a piece of one.
 */
function namesAnotherProblem(text: string, c: Classification, ticket: OpenReport | null, ticketCategory: string | null): boolean {
  // "还在往里灌", "越来越大": the report going on, whatever it names.
  // (An unsure category is no evidence of another problem: "4栋2单元，我是601，她是对门602，灯一直亮着"
  // places the neighbour of a report, whatever the model makes of the lamp.)
  if (!ticket || c.category === ticketCategory || c.categoryConfidence < 0.75 || c.urgentSignal || NEAR_MISS.test(text) || STILL.test(text) || WORSENING.test(text)) return false;
  const own = signatureOf(text);
  const first = signatureOf(ticket.text);
  // After a report that is only a place ("5号楼东头儿 靠自行车棚那块儿"), the problem named next is its problem.
  if (!named(own) || !named(first)) return false;
  // A remark that names a thing ("谁家的猫这么可爱") is chat, judged below; a report names its place or reads as one.
  if (!c.isRequest && own.places.size === 0) return false;
  return !kindred(own, first) && !samePlace(own, first);
}

async function decideAlone(u: Utterance, given: Classification, view: ConversationView, cfg: ConversationConfig): Promise<Understanding> {
  const c = asksAnOfficial(u.text, given, view.officialNames) ? { ...given, isRequest: true, nonRequestKind: null, reason: `${given.reason}; asked of an official by name` } : given;
  const now = u.at;
  const sameGroup = (r: OpenReport) => r.groupId === u.roomId;
  const mine = view.openInCommunity.filter((r) => r.reporterIds.includes(u.senderId) && sameGroup(r));
  const ownRecent = recentIn(mine, now, cfg.followUpWindowMs);

  const sig = signatureOf(u.text);
  // "报了又有什么用 每次都是等": a remark about reporting that names no problem reports nothing.
  if (COMMENTARY.test(u.text) && sig.topics.size === 0 && !c.urgentSignal) return { kind: 'ignore', classification: { ...c, isRequest: false } };
  // The open report of this group that "+1" / "我家也是" / "我们楼也停了" agrees with: the newest,
  // unless the words name a problem, then the newest about that problem.
  const agreedWith = (filter: (r: OpenReport) => boolean = () => true): OpenReport | undefined => {
    // "7号楼也停了" after "6号楼停气了" is another building's outage, not a "+1".
    const candidates = recentIn(view.openInCommunity, now, cfg.coReportWindowMs)
      .filter(filter)
      .filter((r) => heardFromAfar(sig, signatureOf(r.text)) || !conflictBeyondUnit(sig, withHome(signatureOf(r.text), r.reporterName)) || sameOutage(u.text, sig, signatureOf(r.text)));
    // The report last spoken of first: a "+1" right after a neighbour's "5点半了 还没来水" agrees with the
    // outage they revived, not with a question opened in between.
    // (First of all the report from the writer's own building, by both nicknames, when the line names
    // a building's own supply but no building: "我家也不热" from "6栋2单元赵姐" agrees with 6栋's heating,
    // not with 9栋's of a minute ago.)
    const byRecency = lastSpokenOfFirst(candidates.filter(sameGroup));
    const home = sig.places.has('building') || ![...sig.topics].some((t) => BUILDING_BOUND.has(t)) ? undefined : homeBuilding(u.senderName);
    const fromHome = (r: OpenReport) => home !== undefined && withHome(signatureOf(r.text), r.reporterName).places.get('building')?.has(home) === true;
    const recent = home === undefined ? byRecency : [...byRecency.filter(fromHome), ...byRecency.filter((r) => !fromHome(r))];
    const about = sig.topics.size
      ? (recent.find((r) => sharedTopics(sig, signatureOf(r.text)).length > 0) ??
        // "门口也是水" after "公共水管漏水了": water on the floor is the leak seen later.
        recent.find((r) => sharedTopics(sig, signatureOf(r.text), { family: true }).length > 0))
      : // "+1 我屋里也停了": the newest outage, not the newest report.
        OUTAGE_WORD.test(u.text)
        ? recent.find((r) => [...signatureOf(r.text).topics].some((t) => ESTATE_WIDE.has(t)))
        : // "同楼的也一样 7号楼1单元…": no problem named, but a place — the newest report there.
          sig.places.size > 0
          ? recent.find((r) => samePlace(sig, signatureOf(r.text)))
          : undefined;
    if (about) return about;
    // "1群说的7号楼暖气 我家也是": the same named problem at the same named place, or said to be
    // another group's, agrees with that group's report.
    const otherGroup = OTHER_GROUP.test(u.text);
    const elsewhere = candidates.find((r) => {
      if (sameGroup(r)) return false;
      const theirs = signatureOf(r.text);
      const shared = sharedTopics(sig, theirs).length > 0;
      return (shared && (samePlace(sig, theirs) || otherGroup)) || (otherGroup && sig.topics.size === 0 && samePlace(sig, theirs));
    });
    if (elsewhere) return elsewhere;
    // "我们5栋也一样 也是好几盏不亮" names its problem: the newest report of another problem is not it.
    const newest = recent[0];
    // (Not after "+1": "+1 那段路黑得很 上礼拜有个骑电瓶车的还摔了" agrees first and says why after.)
    if (newest && [...sig.topics].some((t) => !WEAK_TOPICS.has(t)) && !kindred(sig, signatureOf(newest.text)) && !PLUS_ONE.test(u.text.trim())) return undefined;
    // "6号楼也停了" when the newest report is a barking dog: an outage agrees only with an outage.
    if (newest && sig.topics.size === 0 && OUTAGE_WORD.test(u.text) && ![...signatureOf(newest.text).topics].some((t) => ESTATE_WIDE.has(t))) return undefined;
    return newest;
  };

  // Co-report: agreement right after a report in the same group.
  if (isAgreement(u.text, c)) {
    const target = agreedWith();
    if (target && !target.reporterIds.includes(u.senderId)) return { kind: 'co_report', ticketNo: target.no };
    // "1座也停了" after "我们2座停电了": the same outage in another building, a report of its own.
    const echoed = outageElsewhere(u, sig, view, cfg);
    if (echoed) return { kind: 'new', text: u.text, messageIds: [u.id], classification: { ...c, isRequest: true, category: echoed.category, urgency: echoed.urgency, reason: `${c.reason}; the outage of report #${echoed.no}, in another building` } };
    if (!c.isRequest) return { kind: 'ignore', classification: c };
  }

  // "阿拉一楼也进水了": short, says "us too", asks nothing — a co-report even when an urgent word
  // alone would make it read as a report. ("5号楼也停了 啥时候来水" asks: a repeat report, below.)
  // Longer and asking nothing, it must name the problem it agrees with ("钢琴声吾也听到个，上个礼拜也
  // 弹到半夜"). Hearsay, one's own past trouble and remarks about reporting agree with nothing.
  const saysUsToo = !c.isRequest || c.urgentSignal || (visibleLength(u.text) <= 20 && !ASKS.test(u.text) && !QUESTION.test(u.text));
  if ((REPEAT_CUE.test(u.text) || EN_AGREE.test(u.text)) && saysUsToo && !notAgreeing(u.text)) {
    const target = agreedWith();
    const about = target && sharedTopics(sig, signatureOf(target.text), { family: true }).length > 0;
    // ("我家也没有 早饭都做不了 孙子还得上学": naming nothing else, a little longer is still "us too".)
    const short = visibleLength(u.text) <= (sig.topics.size === 0 ? 20 : 16);
    if (target && !target.reporterIds.includes(u.senderId) && (short || (about && !c.isRequest))) return { kind: 'co_report', ticketNo: target.no };
  }

  // "我刚敲了她屋门 冇人应": a neighbour who went to see, about the problem just reported, asking nothing.
  // ("我在9栋一楼 听到里面有人喊": no problem named, but the place of the report just made.)
  // (Someone shut in a lift during a power cut is an emergency of its own, not a witness of the outage.)
  const witnessed = (r: OpenReport) =>
    !trappedAnew(u.text, r.text) && (sharedTopics(sig, signatureOf(r.text), { family: true }).length > 0 || (sig.topics.size === 0 && samePlace(sig, signatureOf(r.text))));
  if (WITNESS.test(u.text) && !ASKS.test(u.text) && !notAgreeing(u.text) && visibleLength(u.text) <= 24 && (sig.topics.size > 0 || sig.places.size > 0)) {
    const target = agreedWith(witnessed);
    if (target && !target.reporterIds.includes(u.senderId) && witnessed(target)) {
      return { kind: 'co_report', ticketNo: target.no };
    }
  }
  // Agreement in more words ("是，俺家刚停，电饭锅做一半", "同，叫得人心里发毛", "我下去看了，确实卡在3楼和
  // 4楼当中…"): an agreeing or witnessing word, about the report just made in this group (its problem, a
  // kindred one or none named), asking nothing, not chat, not said to someone, and not a report itself.
  const agreeing = AGREEMENT.test(u.text.trim()) || AGREEMENT_ANYWHERE.test(u.text) || REPEAT_CUE.test(u.text) || WITNESS.test(u.text) || SAME_HERE.test(u.text.trim());
  // A witness who names what they saw or where ("我住Q座11樓都聞到", "我喺对面都见到 好大烟") reads like
  // a report to the model: a co-report still, of the report of that problem or place just made.
  const witness = c.isRequest && WITNESS.test(u.text) && !QUESTION.test(u.text);
  if (agreeing && (!c.isRequest || witness) && !notAgreeing(u.text) && !HELP_ARRIVING.test(u.text) && !PAST_TIME.test(u.text) && !ASKS.test(u.text) && visibleLength(u.text) <= 45 && !chatter(u.text) && !ASIDE.test(u.text) && !ADDRESSED.test(u.text.trim()) && !THANKING.test(u.text)) {
    // (An emergency of its own at the place — "3座电梯里有人在喊" during 3座's power cut — is no witness of the outage.)
    const about = (r: OpenReport) =>
      witness
        ? !trappedAnew(u.text, r.text) && (sharedTopics(sig, signatureOf(r.text), { family: true }).length > 0 || (c.urgency !== 'urgent' && samePlace(sig, signatureOf(r.text))))
        : sig.topics.size === 0 || kindred(sig, signatureOf(r.text));
    const target = agreedWith((r) => sameGroup(r) && now.getTime() - r.lastReportAt.getTime() <= AGREEING_WINDOW_MS && about(r));
    if (target && !target.reporterIds.includes(u.senderId)) {
      return { kind: 'co_report', ticketNo: target.no };
    }
  }

  // "我在楼上看着嘞 有个人头上流血了", "我瞅见了 一大块彩钢板 掀起来一半": a neighbour who opens by
  // saying they saw or heard it, minutes after someone's report in this group, is a witness of that
  // report — whatever detail follows — unless they name another place or ask something.
  if (SAW_IT_OPENING.test(u.text.trim()) && !ASKS.test(u.text) && !notAgreeing(u.text) && !chatter(u.text) && !/谢|收到/.test(u.text)) {
    const newest = recentIn(view.openInCommunity, now, WITNESS_WINDOW_MS).find(sameGroup);
    if (newest && !newest.reporterIds.includes(u.senderId) && !placesConflict(sig, signatureOf(newest.text))) return { kind: 'co_report', ticketNo: newest.no };
  }

  // "进去了 老人家坐在卫生间地上 人是清醒的", "找着了 是602老太太家 灶上坐着锅": a neighbour's news from
  // inside the emergency just reported in this group — news for the duty group on that ticket, not
  // another alarm, and no "me too" either.
  // (News that names danger of its own — "找到了 是16栋后面那个配电箱在冒黑烟" — is a report, below.)
  if (((NEWS_FROM_THE_SCENE.test(u.text.trim()) && !c.urgentSignal) || KNOCKED.test(u.text.trim())) && !ASKS.test(u.text) && !notAgreeing(u.text)) {
    const emergency = recentIn(view.openInCommunity, now, WITNESS_WINDOW_MS).find((r) => sameGroup(r) && r.urgency === 'urgent');
    if (emergency && !emergency.reporterIds.includes(u.senderId) && !placesConflict(sig, signatureOf(emergency.text))) return { kind: 'answer', ticketNo: emergency.no };
  }

  // A neighbour's report that says it is the same thing as one just made in this group. (Not the
  // reporter's own news of their report: "半个小时了还是没电 电梯也停了" from whoever reported the
  // power cut is no "me too" of someone else's report.)
  // ("对 还是黑的" from who reported the street lamp, just after a neighbour joined it, names nothing:
  // it is about their own report when that is the one last spoken of in the group.)
  const aboutOwnReport = () =>
    ownRecent.some((r) => sharedTopics(sig, signatureOf(r.text)).length > 0) ||
    (sig.topics.size === 0 && lastSpokenOfFirst(recentIn(view.openInCommunity, now, cfg.coReportWindowMs).filter(sameGroup))[0]?.reporterIds.includes(u.senderId) === true);
  if (c.isRequest && (REPEAT_CUE.test(u.text) || EN_AGREE.test(u.text) || SAME_HERE.test(u.text.trim()) || AGREEMENT.test(u.text.trim())) && !notAgreeing(u.text) && !aboutOwnReport()) {
    // Same category, or the same named problem the other way round ("我们楼也积水了" reads as the
    // estate's, the first report of 积水 as the road's).
    // (Two named problems of no kin are two reports, whatever the category: "整栋5栋停电了 电梯也停了"
    // during a flooded road says its own "also" of the lift.)
    const target = agreedWith((r) => {
      const theirs = signatureOf(r.text);
      const unrelated = sig.topics.size > 0 && theirs.topics.size > 0 && sharedTopics(sig, theirs, { family: true }).length === 0;
      return (r.category === c.category || sharedTopics(sig, theirs).length > 0) && !unrelated && !r.reporterIds.includes(u.senderId);
    });
    if (target) return repeatOf(target.no, true, c);
  }

  // A reporter asking after their own ticket (not after someone the ticket is not about: "杨奶奶怎么样了？").
  // ("说好的调解呢 都两天了 还是没人来" asks whether it was done and chases it: a chase.)
  const chased = ownRecent[0] !== undefined && chases(u.text, c);
  if (ownRecent[0] && (STATUS_QUESTION.test(u.text) || (asksIfDone(u.text) && !chased)) && !DISTRESS.test(u.text) && !(c.isRequest && c.category !== ownRecent[0].category) && !asksAfterSomeoneElse(u.text, ownRecent[0].text)) {
    return { kind: 'follow_up_question', ticketNo: ownRecent[0].no };
  }
  // A reporter chasing their own report (催办): they get its status and the duty staff hear it is
  // chased. An emergency still going on is more of the emergency, whatever the words.
  if (chased) {
    const own = sig.topics.size === 0 ? ownRecent[0] : ownRecent.find((r) => sharedTopics(sig, signatureOf(r.text), { family: true }).length > 0);
    // (An outage of a whole building is urgent, and hours later still only chased: "都十一点了 27号楼还没水 能不能给个准话".)
    if (own && (own.urgency !== 'urgent' || [...signatureOf(own.text).topics].some((t) => ESTATE_WIDE.has(t)))) return { kind: 'follow_up_question', ticketNo: own.no, chase: true };
  }

  // A reporter adding to their own open report: about the same problem (鹦鹉…五点钟), said
  // again right after, or worse than before ("现在水漫到客厅了" may read as another category on
  // its own). Same category alone is not enough: one person reports several problems in a week,
  // and a noisy flat in May is not the rubbish of June.
  const ownTicket = (strict: boolean) =>
    ownRecent.find((r) => {
      // "另外…", "昨天刚修好 今天又坏了", "火灭了 以后能不能…": not more of the same report.
      if (saysAnotherMatter(u.text) || FIXED_SINCE.test(u.text) || mentionsProblemOver(u.text)) return false;
      const theirs = signatureOf(r.text);
      if (placesConflict(sig, theirs)) return false;
      const shared = sharedTopics(sig, theirs, { family: true });
      if (nextThing(u.text, c, sig, theirs, r.category) || movesOnToAGrievance(u.text, c, sig, theirs)) return false;
      const similarity = textSimilarity(u.text, r.text);
      if (shared.some((t) => SHARED_BY_MANY.has(t)) || shared.length >= 2) return true;
      if (shared.length > 0 && (samePlace(sig, theirs) || similarity >= OWN_TOPIC_SIMILARITY || STILL.test(u.text))) return true;
      // "这都十一点半了 还是凉的", "第二天了 坡道还是溜滑": the writer's newest report is still not put
      // right — news of it, not a new report, unless the line names another problem.
      if (r === ownRecent[0] && STILL_SO.test(normalizeText(u.text)) && !STILL_FINE.test(u.text) && !EITHER_OR.test(u.text) && (sig.topics.size === 0 || shared.length > 0) && !chatter(u.text) && !ASIDE.test(u.text) && (!c.isRequest || r.category === c.category || c.categoryConfidence < 0.9)) return true;
      // (Who only joined the report with a "+1" adds to it only by naming its problem: "问下 那个旧改…"
      // from who agreed the bus shelter was broken is a question of their own.)
      if (strict || r.reporterIds[0] !== u.senderId) return false;
      const unnamed = sig.topics.size === 0 || theirs.topics.size === 0;
      if (unnamed && similarity >= OWN_UNNAMED_SIMILARITY) return true;
      // Outside the burst, the same category is not enough: it must be about that report (its
      // place, a short detail, "而且…"), as a later line in the burst must.
      if (r.category === c.category && now.getTime() - r.lastReportAt.getTime() <= cfg.burstWindowMs * 2) {
        return addsToReport(u.text, c, r, { later: true });
      }
      return WORSENING.test(u.text) && (unnamed || shared.length > 0) && (r.category === c.category || c.categoryConfidence < 0.9);
    });

  if (!c.isRequest) {
    // "说好的下午来放气呢 屋里冻得穿棉袄" from the reporter of the heating: about their report, even
    // when it does not read as a request on its own.
    const about = c.nonRequestKind && CHAT_KINDS.has(c.nonRequestKind) ? undefined : ownTicket(true);
    if (about && (DETAIL.test(normalizeText(u.text)) || STILL.test(u.text))) return { kind: 'follow_up_info', ticketNo: about.no, classification: c };
    // "8栋仲系冇水 已经停咗五个钟" from a neighbour: the same problem at the same place, still there —
    // a repeat of the open report, even when it does not read as a request alone.
    if (!(c.nonRequestKind && CHAT_KINDS.has(c.nonRequestKind)) && STILL.test(normalizeText(u.text)) && sig.topics.size > 0 && !notAgreeing(u.text)) {
      const same = sameProblemOpen(u, c, sig, view.openInCommunity, cfg);
      if (same && sharedTopics(sig, signatureOf(same.text)).length > 0 && !(same.reporterIds.includes(u.senderId))) {
        return repeatOf(same.no, sameGroup(same), { ...c, isRequest: true, category: same.category });
      }
    }
    return isFragment(u.text, c) ? { kind: 'fragment' } : { kind: 'ignore', classification: c };
  }

  // "冰箱东西全化了 物业赔不赔", "车泡了 保险公司要证明": the claim after an outage or a flood is a
  // matter of its own (another office, another lifetime), not more of the emergency.
  // So is a bill that came after it, or advice for next time ("电费app上昨天还走了七八度", "建议…下回万一…").
  if ((claimsAfterTheFact(u.text) || AFTERWARDS.test(u.text)) && !c.urgentSignal) return { kind: 'new', text: u.text, messageIds: [u.id], classification: c };

  // "楼道里", "外面人行道": where, before what — the first piece of a report, however sure the model is
  // that a stairwell means the property.
  if (placeOnly(u.text, c, sig)) return { kind: 'fragment' };
  const own = ownTicket(false);
  // "刚才她家狗一直叫 俺去看 人摔地上了 起不来" from who complained about the dogs: an emergency of
  // another kind than the writer's routine report is a report of its own, not a note on the old one.
  const emergencyOfItsOwn = own !== undefined && c.urgentSignal !== null && own.urgency !== 'urgent' && c.category !== own.category && namesNewDanger(sig, signatureOf(own.text));
  if (own && !emergencyOfItsOwn) return { kind: 'follow_up_info', ticketNo: own.no, classification: c };

  // A report of its own (not a "+1" or a witness, who may look across at another building) is
  // about the writer's building when it names none.
  const same = sameProblemOpen(u, c, withHome(sig, u.senderName), view.openInCommunity, cfg);
  if (same) return repeatOf(same.no, sameGroup(same), c);
  return { kind: 'new', text: u.text, messageIds: [u.id], classification: c };
}

/**
 * Someone else's open report of the same problem, however long ago it was opened: the same place
 * (or none named against it) and the same problem. Named problems decide: "3号楼电梯坏了" and
 * "3号楼楼道灯坏了" never meet, "电梯还是坏的" meets the lift report of the morning. Without a named
 * problem, texts alike in words (character-bigram Dice) of the same category meet, recently.
 */
function sameProblemOpen(u: Utterance, c: Classification, sig: ProblemSignature, open: OpenReport[], cfg: ConversationConfig): OpenReport | null {
  const now = u.at.getTime();
  // Said to be another matter, it is none of them, whatever it names ("顺便问下 今年采暖费交到啥时候",
  // "说到这个，俺家楼下也有个老太太一个人住…").
  if (saysAnotherMatter(u.text)) return null;
  const still = STILL.test(u.text);
  // (Of the line itself, once: "still so" in any dialect, and the businesses it names.)
  const stillSo = STILL_SO.test(normalizeText(u.text));
  const ownOnly = ownHomeOutage(u.text);
  const venues = [...(sig.places.get('venue') ?? [])];
  let best: { r: OpenReport; score: number } | null = null;
  for (const r of open) {
    if (r.reporterIds.includes(u.senderId)) continue;
    const theirs = signatureOf(r.text);
    // (With the first reporter's building from their nickname, which only adds a place: "9栋电梯也坏了"
    // is not "3栋老覃"'s "电梯又坏了", and two places never become one.)
    if (placesConflict(sig, withHome(theirs, r.reporterName))) continue;
    // "9栋2号电梯困人了！！停电卡在8楼和9楼中间" during 9栋's power cut: a danger of its own (people in
    // a lift), not one more word on the outage. Stricter than namesNewDanger, which is for the writer's
    // own report growing worse: a neighbour's flood beside another's leak is two reports (blind23–27's
    // duplicates .683/.571 with the looser test, .707/.592 with this one).
    if (c.urgentSignal && [...sig.topics].some((t) => DANGER_TOPICS.has(t) && !theirs.topics.has(t))) continue;
    const recent = now - r.lastReportAt.getTime() <= cfg.duplicateWindowMs;
    const sameGroup = r.groupId === u.roomId;
    const shared = sharedTopics(sig, theirs);
    const place = samePlace(sig, theirs);
    const similarity = textSimilarity(u.text, r.text);
    // An outage, a lift or a gas smell is one thing many homes see; a noisy flat, a rat or a pile
    // of rubbish is one of many: those meet only at the same place or in alike words.
    const common = shared.some((t) => SHARED_BY_MANY.has(t));
    // "我家单独停电了 别人家都有电": one flat's outage is not the building's.
    if (ownOnly && shared.every((t) => ESTATE_WIDE.has(t))) continue;
    // "烧烤摊又摆出来了": the same nuisance again, in the same group.
    const again = sameGroup && still && shared.some((t) => !WEAK_TOPICS.has(t));
    const onlyWeak = shared.every((t) => WEAK_TOPICS.has(t));
    // One names a place outside the buildings, the other a building ("地库B区那排灯", "9栋1单元楼道灯"):
    // two places, unless it is an outage the whole estate has at once.
    if (!place && insideAndOutside(sig, theirs) && !shared.some((t) => ESTATE_WIDE.has(t))) continue;
    let score: number;
    // A nuisance many flats have (noise, a smell) is one when both name the business it comes from: "那家KTV".
    const sameVenue = venues.some((v) => theirs.places.get('venue')?.has(v));
    const weakAtVenue = onlyWeak && sameVenue;
    if (shared.length > 0 && (common || again || weakAtVenue || ((place || similarity >= cfg.duplicateSimilarity) && !(onlyWeak && similarity < cfg.duplicateSimilarity)))) {
      // Same problem by name; another category only when the place is named alike too (a leak
      // one neighbour calls a quarrel and the other a pipe).
      if (r.category !== c.category && !place) continue;
      if (!recent && !place && !still) continue;
      // Another group of the community, no place named: only when the words are alike as well, or
      // for an outage of the whole estate that the writer says is here too ("二期也断网了").
      const estateWide = shared.some((t) => ESTATE_WIDE.has(t)) && (REPEAT_CUE.test(u.text) || OTHER_GROUP.test(u.text));
      if (!sameGroup && !place && !estateWide && similarity < cfg.duplicateSimilarity) continue;
      // "昨天刚修好 今天又坏了": a new breakdown, not the open report.
      if (FIXED_SINCE.test(u.text)) continue;
      score = 0.5 + 0.1 * shared.length + (place ? 0.2 : 0) + (still ? 0.15 : 0) + (sameGroup ? 0.1 : 0) + similarity;
    } else if (shared.length > 0) {
      continue;
    } else {
      // Both name a problem and not the same one: two problems.
      if (sig.topics.size > 0 && theirs.topics.size > 0) continue;
      // "A栋2号梯到而家都仲未搞掂？" names no problem, but the place of one and says it is still so — hours later too.
      const stillThere = place && sig.topics.size === 0 && stillSo;
      if (!stillThere && (r.category !== c.category || !recent)) continue;
      score = textSimilarity(u.text, r.text) + (sameGroup && AGREEMENT_ANYWHERE.test(u.text) ? 0.25 : 0) + (stillThere ? 0.3 : 0);
      if (score < cfg.duplicateSimilarity) continue;
    }
    if (!best || score > best.score) best = { r, score };
  }
  return best?.r ?? null;
}

/** The next burst state after a message was understood (and, for `new`, a ticket was opened). */
export function nextBurst(
  previous: SenderBurst | null,
  u: Utterance,
  result: Understanding,
  opened: { no: number; category: string } | null,
  cfg: ConversationConfig = DEFAULT_CONVERSATION,
): SenderBurst | null {
  const live = previous && u.at.getTime() - previous.lastAt.getTime() <= cfg.burstWindowMs ? previous : null;
  const image = u.image || isImageOnly(u.text);
  switch (result.kind) {
    case 'fragment':
      return {
        lastAt: u.at,
        fragments: [...(live?.ticketNo == null ? (live?.fragments ?? []) : []), { id: u.id, text: u.text, image, imageData: u.imageData ?? null }],
        ticketNo: null,
        ticketCategory: null,
      };
    case 'new':
      return opened ? { lastAt: u.at, fragments: [], ticketNo: opened.no, ticketCategory: opened.category } : null;
    case 'continue':
    case 'answer':
      return live ? { ...live, lastAt: u.at } : null;
    case 'duplicate':
    case 'follow_up_info':
      // Further lines continue the ticket this line went to.
      return { lastAt: u.at, fragments: [], ticketNo: result.ticketNo, ticketCategory: result.classification.category };
    case 'ignore':
      // After an aside of one's own ("今天的樱桃好便宜") only what names the problem, its place or a
      // detail still belongs to the report; a phone number or a question no longer does.
      // (Thanking whoever helps — "好好好 韩师傅谢谢你" — strays from nothing: the report goes on.)
      if (live?.ticketNo != null && THANKS_SOMEONE.test(u.text)) return { ...live, lastAt: u.at };
      if (live?.ticketNo != null && result.classification && !image && result.classification.nonRequestKind !== 'media') return { ...live, strayed: true };
      return live && live.ticketNo != null ? live : null;
    default:
      return live && live.ticketNo != null ? live : null;
  }
}
