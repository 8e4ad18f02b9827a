// Understanding a message in its conversation, not on its own: a burst ("7栋" / "电梯关人了"),
// a co-report ("+1", "我家也是"), a repeat report, a follow-up about one's own ticket.
// Pure apart from the classifier: live intake and the eval CLI both call `understand()`, so the
// eval measures exactly what runs in the groups.
import type { Classification, Classifier } from '../classify/classification.js';
import { normalizeText } from '../classify/normalize-text.js';
import type { Urgency } from '../domain/ticket.js';
import { buildingOf } from '../domain/repeat-problems.js';
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
  /** Latest report or co-report: a problem people keep talking about stays "recent". */
  lastReportAt: Date;
  reporterIds: string[];
}

/** What one sender said lately in one group and what became of it. */
export interface SenderBurst {
  lastAt: Date;
  /** Pieces that were not a report on their own ("7栋", "物业", a photo), oldest first. */
  fragments: Array<{ id: string; text: string; image: boolean; imageData?: ImageData | null }>;
  /** The ticket this burst opened or continued, if any. */
  ticketNo: number | null;
  ticketCategory: string | null;
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
}

export type Understanding =
  | { kind: 'ignore'; classification: Classification | null }
  | { kind: 'fragment' }
  | { kind: 'continue'; ticketNo: number; classification: Classification | null }
  | { kind: 'co_report'; ticketNo: number }
  | { kind: 'duplicate'; ticketNo: number; sameGroup: boolean; classification: Classification }
  | { kind: 'follow_up_question'; ticketNo: number }
  | { kind: 'follow_up_info'; ticketNo: number; classification: Classification }
  | { kind: 'new'; text: string; messageIds: string[]; classification: Classification };

export interface ConversationView {
  burst: SenderBurst | null;
  /** Open tickets of the sender's community, newest first. */
  openInCommunity: OpenReport[];
}

const IMAGE_TEXT = /^(\[(图片|圖片|image|照片|视频|視頻)\])+$/i;
// Pure agreement with a report already made.
const AGREEMENT = /^(\+1|＋1|1\+|同上|同问|同求|同感|附议|顶|我也是|我家也是|俺家也是|我哋都係|我们也是|我们家也是|一样|同样|加一|\+\+)/;
const AGREEMENT_ANYWHERE = /((?:我|我们|俺|俺们|咱|咱们|阿拉|我哋|伲)(?:家|屋|屋里|屋企|这边|这里|那边|这栋|楼|栋|单元|[一二三四五六七八九十\d]+楼)也|也(?:闻|听|看|见|碰|遇|接|收)[到着见了]|\+1|＋1|也是|也一样|也这样|也没|也停|也冇|都冇|都没|也闻到|也听到|也看到|也有|确实|一样|同样|同问|同求|我们(这|那)?(边|里|楼|栋)也|这边也|那边也|我哋呢边|都係咁|也打不着|也黄|也不热|也是黄)/;
// A neighbour's own report that says it is the same thing ("5号楼也停了", "16栋17栋都这样").
const REPEAT_CUE = /((?:我|我们|俺|俺们|咱|咱们|阿拉|我哋|伲)(?:家|屋|屋里|屋企|这边|这里|那边|这栋|楼|栋|单元|[一二三四五六七八九十\d]+楼)也|也停|也没(水|电|气|网|信号|暖气)|也冇(水|电)|也是|也一样|也这样|都这样|都一样|都是这样|同样|也有这个|我们(这|那)?(边|里|楼|栋)也|这边也|那边也)/;
// Replies to someone, not the start of a report.
const REPLY = /^(帮你|帮您|我帮|好的|收到|谢谢|辛苦|没事|不客气|放心|知道了|留意|注意安全|同意|支持|天哪|天啊|我的天|哎呀|哎|唉|妈呀|哇)|吧[!！。~～]*$/;
// Asking after one's own report.
const STATUS_QUESTION = /(怎么样了|咋样了|如何了|有人管吗|有人管没|有没有人管|有进展吗|进展如何|有消息吗|什么时候(来|修|好|处理)|啥时候(来|修|好)|几时(来|修|好)|还没(人)?来|咋还没|怎么还没|还要等多久|要等多久|处理了吗|处理得怎么样|报的(那个)?事|我那个事|我反映的|我报的|上次说的|之前说的|到底(管不管|有没有人))/;
// Asides to the neighbours ("今天的快递到了没", "有人一起吗"): questions about other things.
const ASIDE = /(快递|外卖|团购|拼单|有人一起|谁家|哪位|到了没|有没有人知道)/;
const MAX_CONTINUATION_CHARS = 300;
const RHETORICAL = /到底(管不管|有没有人)|管不管|有没有人管/;
// Words that say the situation changed: a follow-up adds to the report.
// Worse than before, in words that only make sense about the same thing ("现在水漫到客厅了").
const WORSENING = /(现在|越来越|更加|漫到|淹到|蔓延|到现在)/;
/** Two messages of one reporter this alike are about the same thing. */
const OWN_TOPIC_SIMILARITY = 0.12;

function visibleLength(text: string): number {
  return text.replace(/[\s\p{P}\p{S}\p{Extended_Pictographic}]/gu, '').length;
}

function bigrams(text: string): Set<string> {
  const t = normalizeText(text).replace(/[\s\p{P}\p{S}\p{Extended_Pictographic}\d]/gu, '');
  const grams = new Set<string>();
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
  if (AGREEMENT.test(t)) return visibleLength(t) <= 24;
  if (c?.nonRequestKind === 'agreement') return true;
  return !c?.isRequest && visibleLength(t) <= 20 && AGREEMENT_ANYWHERE.test(t);
}

/** A piece of a report still being typed: short, and neither chit-chat nor a sticker. */
function isFragment(text: string, c: Classification | null, continuing = false): boolean {
  if (c?.nonRequestKind && c.nonRequestKind !== 'empty') return false;
  if (REPLY.test(text.trim())) return false;
  // Residents here write Chinese: a piece of a report has some ("7栋", "物业"); code does not.
  if (!/\p{Script=Han}/u.test(text)) return false;
  const n = visibleLength(text);
  return n > 0 && n <= (continuing ? 20 : 12);
}

function recentIn(reports: OpenReport[], now: Date, windowMs: number): OpenReport[] {
  return reports.filter((r) => now.getTime() - r.lastReportAt.getTime() <= windowMs);
}

/** "3号楼漏水" and "5号楼漏水" look alike but are two problems. */
function differentBuildings(building: string | null, otherText: string): boolean {
  const other = buildingOf(otherText);
  return building !== null && other !== null && building !== other;
}

export async function understand(
  u: Utterance,
  view: ConversationView,
  classifier: Classifier,
  cfg: ConversationConfig = DEFAULT_CONVERSATION,
): Promise<Understanding> {
  const now = u.at;
  const burst = view.burst && now.getTime() - view.burst.lastAt.getTime() <= cfg.burstWindowMs ? view.burst : null;
  const image = u.image || isImageOnly(u.text);
  const classify = (text: string) => classifier.classify({ text, mentionsBot: u.mentionsBot });

  // 1. The burst already made a ticket: more lines continue it unless they start another problem.
  if (burst?.ticketNo != null) {
    if (image) return { kind: 'continue', ticketNo: burst.ticketNo, classification: null };
    // "城管到底管不管啊" right after the report is part of it; "我那个事怎么样了" asks after it.
    if (STATUS_QUESTION.test(u.text) && !RHETORICAL.test(u.text)) return { kind: 'follow_up_question', ticketNo: burst.ticketNo };
    const c = await classify(u.text);
    const otherProblem =
      c.isRequest && c.requestConfidence >= 0.8 && c.categoryConfidence >= 0.6 && c.category !== burst.ticketCategory && visibleLength(u.text) > 12;
    if (otherProblem) return decideAlone(u, c, view, cfg);
    // A continuation says more about the problem; a remark, a question to the neighbours or a
    // pasted wall of text in the same minute is not part of the report.
    const saysMore = c.isRequest || c.requestConfidence >= 0.3 || (isFragment(u.text, c, true) && !ASIDE.test(u.text));
    if (!saysMore || (c.nonRequestKind && c.nonRequestKind !== 'empty') || u.text.length > MAX_CONTINUATION_CHARS) {
      return { kind: 'ignore', classification: c };
    }
    return { kind: 'continue', ticketNo: burst.ticketNo, classification: c };
  }

  // 2. Pieces without a ticket yet ("7栋", a photo): read them together with this line.
  if (burst && burst.fragments.length > 0) {
    if (image) return { kind: 'fragment' };
    const own = await classify(u.text);
    // "天哪 赶紧拉个警戒线吧" then a forwarded news item: a remark and a notice, not one report.
    if (own.nonRequestKind && own.nonRequestKind !== 'empty') return { kind: 'ignore', classification: own };
    const joined = [...burst.fragments.filter((f) => !f.image).map((f) => f.text), u.text].join('\n');
    const c = await classify(joined);
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

async function decideAlone(u: Utterance, c: Classification, view: ConversationView, cfg: ConversationConfig): Promise<Understanding> {
  const now = u.at;
  const sameGroup = (r: OpenReport) => r.groupId === u.roomId;
  const mine = view.openInCommunity.filter((r) => r.reporterIds.includes(u.senderId) && sameGroup(r));
  const ownRecent = recentIn(mine, now, cfg.followUpWindowMs);

  // Co-report: agreement right after a report in the same group.
  if (isAgreement(u.text, c)) {
    const target = recentIn(view.openInCommunity.filter(sameGroup), now, cfg.coReportWindowMs)[0];
    if (target && !target.reporterIds.includes(u.senderId)) return { kind: 'co_report', ticketNo: target.no };
    if (!c.isRequest) return { kind: 'ignore', classification: c };
  }

  // "阿拉一楼也进水了": short, says "us too", asks nothing — a co-report even when an urgent word
  // alone would make it read as a report. ("5号楼也停了 啥时候来水" asks: a repeat report, below.)
  if (REPEAT_CUE.test(u.text) && visibleLength(u.text) <= 16 && (!c.isRequest || c.urgentSignal)) {
    const target = recentIn(view.openInCommunity.filter(sameGroup), now, cfg.coReportWindowMs)[0];
    if (target && !target.reporterIds.includes(u.senderId)) return { kind: 'co_report', ticketNo: target.no };
  }

  // A neighbour's report that says it is the same thing as one just made in this group.
  if (c.isRequest && REPEAT_CUE.test(u.text)) {
    const target = recentIn(view.openInCommunity.filter(sameGroup), now, cfg.coReportWindowMs).find(
      (r) => r.category === c.category && !r.reporterIds.includes(u.senderId),
    );
    if (target) return { kind: 'duplicate', ticketNo: target.no, sameGroup: true, classification: c };
  }

  // A reporter asking after their own ticket.
  if (ownRecent[0] && STATUS_QUESTION.test(u.text) && !(c.isRequest && c.category !== ownRecent[0].category)) {
    return { kind: 'follow_up_question', ticketNo: ownRecent[0].no };
  }

  if (!c.isRequest) return isFragment(u.text, c) ? { kind: 'fragment' } : { kind: 'ignore', classification: c };

  // A reporter adding to their own open report: about the same thing in words (鹦鹉…五点钟), said
  // again right after, or worse than before ("现在水漫到客厅了" may read as another category on
  // its own). Same category alone is not enough: one person reports several problems in a week.
  const own = ownRecent.find((r) => {
    const similarity = textSimilarity(u.text, r.text);
    if (similarity >= OWN_TOPIC_SIMILARITY) return true;
    if (r.category === c.category && now.getTime() - r.lastReportAt.getTime() <= cfg.burstWindowMs * 2) return true;
    return WORSENING.test(u.text) && (r.category === c.category || c.categoryConfidence < 0.9);
  });
  if (own) return { kind: 'follow_up_info', ticketNo: own.no, classification: c };

  // Someone else's open report of the same problem: same category and alike in words (in the same
  // group, a "我们这边也…" style cue is enough).
  const building = buildingOf(u.text);
  const candidates = recentIn(view.openInCommunity, now, cfg.duplicateWindowMs).filter(
    (r) => r.category === c.category && !r.reporterIds.includes(u.senderId) && !differentBuildings(building, r.text),
  );
  let best: { r: OpenReport; score: number } | null = null;
  for (const r of candidates) {
    let score = textSimilarity(u.text, r.text);
    if (sameGroup(r) && AGREEMENT_ANYWHERE.test(u.text)) score += 0.25;
    if (!best || score > best.score) best = { r, score };
  }
  if (best && best.score >= cfg.duplicateSimilarity) {
    return { kind: 'duplicate', ticketNo: best.r.no, sameGroup: sameGroup(best.r), classification: c };
  }
  return { kind: 'new', text: u.text, messageIds: [u.id], classification: c };
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
      return live ? { ...live, lastAt: u.at } : null;
    case 'duplicate':
    case 'follow_up_info':
      // Further lines continue the ticket this line went to.
      return { lastAt: u.at, fragments: [], ticketNo: result.ticketNo, ticketCategory: result.classification.category };
    default:
      return live && live.ticketNo != null ? live : null;
  }
}
