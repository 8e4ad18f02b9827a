// The chat grammar (design.md, "Chat grammar (contract)"): staff commands in duty groups and the
// few resident replies the bot understands. A command must START with its verb so that ordinary
// chat that merely contains a verb ("我来了", "查一下电费") is never taken for a command.
//
// What each staff command needs (anything less is a `usage` reply):
//   认领/接单 N           number (or a quoted card); words after the number are ignored
//   进展 N 文字           number and text: a progress note with no text tells the resident nothing
//   办结 N [文字]         number; the result text is optional
//   退回 N 原因           number and reason: whoever re-dispatches must know why
//   转派 N @某人          number and a target (an @mention, or "@名字" in the text)
//   作废 N 原因           number and reason: the resident is told why the ticket was dropped
//   合并 N M              two numbers (N into M); with a quoted card, one number M is enough
//   查 N / 查询 N         number (or a quoted card)
//   待办                  nothing
//   公告 范围 内容         a scope (`8栋`, an area, `全小区`) and what happened (design.md, Incidents)
//   解除 N [说明]          number; what the residents are told is optional
// With a quoted card the number may be left out (its #N is used); a reply of just "我来" to a
// card claims it. A quoted message naming several tickets (a list card `新工单 3 条`) gives no
// number: a command that needs one is answered with a line asking which.
import type { Rating } from './ticket.js';
import { stripFormatChars } from './format-chars.js';

export type StaffCommand =
  | { type: 'claim'; no: number }
  | { type: 'progress'; no: number; text: string }
  | { type: 'resolve'; no: number; text: string | null }
  | { type: 'return'; no: number; reason: string }
  | { type: 'reassign'; no: number; to: { id?: string; name: string } }
  | { type: 'reject'; no: number; reason: string }
  | { type: 'merge'; no: number; into: number }
  | { type: 'query'; no: number }
  | { type: 'split'; no: number }
  | { type: 'todo' }
  | { type: 'announce'; scope: string; text: string }
  | { type: 'lift'; no: number; text: string | null };

export type StaffCommandParse =
  | { kind: 'none' }
  | { kind: 'command'; command: StaffCommand }
  | { kind: 'usage'; verb: string; usage: string };

export interface StaffCommandOptions {
  /** Text of the message this one quotes (a ticket card carries `#12`). */
  quotedText?: string | null;
  /** People @-mentioned other than the bot, as the chat adapter reports them. */
  mentions?: Array<{ id: string; name: string }>;
}

export type ResidentCommand =
  | { kind: 'progress_query'; no: number }
  | { kind: 'rating'; rating: Rating; no: number | null }
  | { kind: 'none' };

type Verb = 'claim' | 'progress' | 'resolve' | 'return' | 'reassign' | 'reject' | 'merge' | 'split' | 'query' | 'todo' | 'announce' | 'lift';

const VERBS: ReadonlyArray<{ word: string; verb: Verb }> = [
  { word: '认领', verb: 'claim' },
  { word: '接单', verb: 'claim' },
  { word: '进展', verb: 'progress' },
  { word: '办结', verb: 'resolve' },
  { word: '退回', verb: 'return' },
  { word: '转派', verb: 'reassign' },
  { word: '作废', verb: 'reject' },
  { word: '合并', verb: 'merge' },
  { word: '拆分', verb: 'split' },
  { word: '待办', verb: 'todo' },
  { word: '公告', verb: 'announce' },
  { word: '解除', verb: 'lift' },
  { word: '查询', verb: 'query' },
  { word: '查', verb: 'query' },
];

export const STAFF_USAGE: Record<Exclude<Verb, 'todo'>, string> = {
  claim: '用法：认领 工单号，例如 认领 12',
  progress: '用法：进展 工单号 进展情况，例如 进展 12 已联系物业，明天上门',
  resolve: '用法：办结 工单号 处理结果，例如 办结 12 已修好',
  return: '用法：退回 工单号 原因，例如 退回 12 不属于本社区',
  reassign: '用法：转派 工单号 @同事，例如 转派 12 @李四',
  reject: '用法：作废 工单号 原因，例如 作废 12 重复反映',
  merge: '用法：合并 工单号 目标工单号，例如 合并 12 8（把 12 并入 8）',
  query: '用法：查 工单号，例如 查 12',
  split: '用法：拆分 工单号，例如 拆分 12（把合并错的 12 拆出来）',
  announce: '用法：公告 范围 内容，例如 公告 8栋 停水 预计18:00恢复（范围可写楼栋、片区或 全小区）',
  lift: '用法：解除 工单号 说明，例如 解除 12 已恢复供水',
};

/** The answer when a quoted message names several tickets and the command gave no number. */
export function whichTicketUsage(verb: string, example: number | null): string {
  return `引用的消息里有多张工单，请写明工单号，例如「${verb} ${example ?? 12}」`;
}

/**
 * Full-width ASCII (＃１２：，) to half-width, odd spaces to ' '. One UTF-16 unit in, one out, so
 * an index into the folded text is an index into the original (texts are cut from the original).
 */
export function fold(text: string): string {
  return text.replace(/[\uFF01-\uFF5E\u3000\u00A0\u2000-\u200A\u202F\u205F]/g, (c) => {
    const code = c.charCodeAt(0);
    return code >= 0xff01 && code <= 0xff5e ? String.fromCharCode(code - 0xfee0) : ' ';
  });
}

// WeChat puts U+2005 after an @name; the adapter may or may not have removed the bot's mention.
const LEADING_MENTIONS = /^\s*(?:@[^\s@\u2005]+[\s\u2005]+)*/;
/** The text after the @names it opens with ("@物业客服小陈 顺便问下…" → "顺便问下…"). */
export function stripLeadingMentions(text: string): string {
  return text.replace(LEADING_MENTIONS, '');
}
// What may follow a verb or a number: a separator, so "认领了" / "查一下" are not commands.
const SEP = /[\s:,;、。.!]/;
const SEPS = /[\s:,;、。.!]*/y;
const NO_TOKEN = /(工单\s*)?(#\s*)?(\d{1,9})(\s*号)?/y;
const MERGE_JOIN = /[\s:,;、。.!]*(?:并入到?|合并到|到|入|进|至|->|=>|>|→)?[\s:,;、。.!]*/y;
const MENTION_IN_TEXT = /@([^\s@\u2005,:;、。.!]+)/;
const HAS_WORDS = /[\p{L}\p{N}]/u;

interface Cursor {
  /** Folded text, for matching. */
  f: string;
  /** Original text, for cutting free text out. */
  o: string;
}

function skip(re: RegExp, f: string, i: number): number {
  re.lastIndex = i;
  const m = re.exec(f);
  return m ? i + m[0].length : i;
}

/**
 * A ticket number at `i` (after separators). A bare number glued to more words ("3楼") only counts
 * when `glued` allows it: after 进展/办结 with a quoted card, "进展 3楼已修" is text, not ticket 3.
 */
function takeNo(f: string, i: number, glued: boolean): { no: number; end: number } | null {
  const start = skip(SEPS, f, i);
  NO_TOKEN.lastIndex = start;
  const m = NO_TOKEN.exec(f);
  if (!m) return null;
  const end = start + m[0].length;
  const next = f[end];
  if (next !== undefined && /\d/.test(next)) return null;
  const marked = Boolean(m[1] || m[2]);
  if (!marked && !glued && next !== undefined && !SEP.test(next)) return null;
  const no = Number(m[3]);
  return no > 0 ? { no, end } : null;
}

function textFrom(c: Cursor, i: number): string {
  return c.o.slice(skip(SEPS, c.f, i)).trim();
}

/** `12`, `#12`, `＃１２`, `工单12`, `12号` → 12; anything else → null. */
export function parseTicketNo(s: string): number | null {
  const m = /^(?:工单\s*)?#?\s*(\d{1,9})\s*号?$/.exec(fold(stripFormatChars(s)).trim());
  if (!m) return null;
  const no = Number(m[1]);
  return no > 0 ? no : null;
}

/** Every ticket number a message names with `#`, in order, each once (a list card names several). */
export function ticketNosInText(text: string): number[] {
  const nos: number[] = [];
  for (const m of fold(text).matchAll(/#\s*(\d{1,9})(?!\d)/g)) {
    const no = Number(m[1]);
    if (no > 0 && !nos.includes(no)) nos.push(no);
  }
  return nos;
}

/** The ticket number a bot card (or any message) names: `#12`, `工单 12`, `工单号：12`. */
export function ticketNoInText(text: string): number | null {
  const f = fold(stripFormatChars(text));
  const m = /#\s*(\d{1,9})(?!\d)/.exec(f) ?? /工单\s*(?:号\s*)?:?\s*(\d{1,9})(?!\d)/.exec(f);
  if (!m) return null;
  const no = Number(m[1]);
  return no > 0 ? no : null;
}

export function parseStaffCommand(text: string, opts: StaffCommandOptions = {}): StaffCommandParse {
  const afterMentions = stripLeadingMentions(stripFormatChars(text));
  const o = afterMentions.trim();
  const c: Cursor = { f: fold(o), o };
  const quotedNos = opts.quotedText ? ticketNosInText(opts.quotedText) : [];
  // A quote naming several tickets names none of them in particular.
  const ambiguousQuote = quotedNos.length > 1;
  const quoteNo = ambiguousQuote || !opts.quotedText ? null : ticketNoInText(opts.quotedText);
  const which = (verb: string): StaffCommandParse => ({ kind: 'usage', verb, usage: whichTicketUsage(verb, quotedNos[0] ?? null) });

  if (/^我来(?:吧|啦)?[\s!。.~～]*$/.test(c.f)) {
    if (quoteNo !== null) return command({ type: 'claim', no: quoteNo });
    if (ambiguousQuote) return which('认领');
  }

  const entry = VERBS.find((v) => c.f.startsWith(v.word));
  if (!entry) return { kind: 'none' };
  const i = entry.word.length;
  const next = c.f[i];
  const glued = next !== undefined && !SEP.test(next) && !/[#\d]/.test(next) && !c.f.startsWith('工单', i);
  // "合并到 8" is the one verb that reads on into a word.
  if (glued && !(entry.verb === 'merge' && takeNo(c.f, skip(MERGE_JOIN, c.f, i), true))) return { kind: 'none' };
  // A command missing its number: which one, if the quote named several; else how to write it.
  const usage = (): StaffCommandParse =>
    entry.verb === 'todo'
      ? command({ type: 'todo' })
      : ambiguousQuote && entry.verb !== 'announce'
        ? which(entry.word)
        : { kind: 'usage', verb: entry.word, usage: STAFF_USAGE[entry.verb] };

  switch (entry.verb) {
    case 'todo':
      return command({ type: 'todo' });
    case 'announce': {
      // 公告 8栋 停水 预计18:00恢复: the first word is where, the rest what.
      const rest = textFrom(c, i);
      const m = /^(\S+)\s+([\s\S]+)$/.exec(rest);
      if (!m || !HAS_WORDS.test(m[1]!) || !HAS_WORDS.test(m[2]!)) return usage();
      return command({ type: 'announce', scope: m[1]!, text: m[2]!.trim() });
    }
    case 'lift': {
      const taken = takeNo(c.f, i, quoteNo === null);
      const no = taken?.no ?? quoteNo;
      if (no === null) return usage();
      const rest = textFrom(c, taken ? taken.end : i);
      return command({ type: 'lift', no, text: HAS_WORDS.test(rest) ? rest : null });
    }
    case 'split': {
      const no = takeNo(c.f, i, false)?.no ?? quoteNo;
      return no === null ? usage() : command({ type: 'split', no });
    }
    case 'claim':
    case 'query': {
      // Not glued: "查 12号楼的水表" from a resident is a report, not a query for ticket 12.
      const no = takeNo(c.f, i, false)?.no ?? quoteNo;
      // "查" is too common a word to answer "查 一下" with a usage line.
      if (no === null) return entry.verb === 'query' && textFrom(c, i) ? { kind: 'none' } : usage();
      return command({ type: entry.verb, no });
    }
    case 'progress':
    case 'resolve':
    case 'return':
    case 'reject': {
      const taken = takeNo(c.f, i, quoteNo === null);
      const no = taken?.no ?? quoteNo;
      if (no === null) return usage();
      const rest = textFrom(c, taken ? taken.end : i);
      const words = HAS_WORDS.test(rest) ? rest : null;
      if (entry.verb === 'resolve') return command({ type: 'resolve', no, text: words });
      if (!words) return usage();
      if (entry.verb === 'progress') return command({ type: 'progress', no, text: words });
      return command(entry.verb === 'return' ? { type: 'return', no, reason: words } : { type: 'reject', no, reason: words });
    }
    case 'reassign': {
      const taken = takeNo(c.f, i, true);
      const no = taken?.no ?? quoteNo;
      const mention = opts.mentions?.[0];
      const named = MENTION_IN_TEXT.exec(c.o.slice(taken ? taken.end : i));
      const to = mention ? { id: mention.id, name: mention.name } : named ? { name: named[1] } : null;
      if (no === null || !to) return usage();
      return command({ type: 'reassign', no, to });
    }
    case 'merge': {
      const first = takeNo(c.f, skip(MERGE_JOIN, c.f, i), true);
      const second = first ? takeNo(c.f, skip(MERGE_JOIN, c.f, first.end), true) : null;
      if (first && second) return command({ type: 'merge', no: first.no, into: second.no });
      // Replying to a card with "合并 8" / "合并到 8": the card's ticket goes into 8.
      if (first && quoteNo !== null) return command({ type: 'merge', no: quoteNo, into: first.no });
      return usage();
    }
  }
}

/**
 * True for a message that starts like a staff command (so a resident group does not ticket it).
 * Not `公告…`: in a resident group that is a notice someone passes on, not a command.
 */
export function isStaffCommandLike(text: string): boolean {
  const parsed = parseStaffCommand(text);
  if (parsed.kind === 'command') return parsed.command.type !== 'announce';
  return parsed.kind === 'usage' && parsed.verb !== '公告';
}

function command(command: StaffCommand): StaffCommandParse {
  return { kind: 'command', command };
}

// Emoji, WeChat's [强]-style stickers and closing punctuation that people add to a one-word reply.
const TRAILING_DECORATION =
  /(?:[\s!,.~。…、^]|\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200d|\ufe0f|\[[^[\]\s]{1,6}\])+$/u;
const RATING_WORDS: ReadonlyArray<[RegExp, Rating]> = [
  [/^(?:很|非常|十分|特别|比较|太)?不(?:太)?满意$/, 'unsatisfied'],
  [/^(?:基本|比较|还算|还|总体)满意$/, 'basically_satisfied'],
  [/^(?:很|挺|非常|十分|特别|超)?满意$/, 'satisfied'],
];
const RATING_DIGITS: Record<string, Rating> = { '1': 'satisfied', '2': 'basically_satisfied', '3': 'unsatisfied' };
const WORD_RATING =
  /^(?:(?:工单\s*#?|#)\s*(\d{1,9})\s*号?[\s:,]*)?([很挺非常十分特别比较太基本还算总体超不]{0,4}满意)(?:的|了|啦|哈)?(?:[\s:,]*(?:工单\s*)?#?\s*(\d{1,9})\s*号?)?(?:[\s,]*(?:谢谢|感谢|多谢|辛苦了|辛苦啦)(?:你们|大家|了|啦)?)?$/;
const DIGIT_RATING = /^([123])(?:(?:\s*[\s:,]\s*|\s*(?=#))(?:工单\s*)?#?\s*(\d{1,9})\s*号?)?$/;
const PROGRESS_QUERY = [
  /^(?:查询?|问一?下|请问)?\s*(?:工单\s*)?进度(?:查询)?\s*[:,]?\s*(?:工单\s*)?#?\s*(\d{1,9})\s*号?(?:工单)?$/,
  /^(?:查询?|问一?下|请问)?\s*(?:工单\s*#?|#)\s*(\d{1,9})\s*号?\s*(?:工单)?\s*的?\s*进度(?:如何|怎么样|怎样)?$/,
];

/** `进度 12` / `查进度 #12`; `满意` / `基本满意` / `不满意` / `1`/`2`/`3`, optionally with a number. */
export function parseResidentCommand(text: string): ResidentCommand {
  const f = fold(stripLeadingMentions(stripFormatChars(text))).trim();
  const asked = /[?？]\s*$/.test(f);
  const core = f.replace(/[?？\s]+$/, '').replace(TRAILING_DECORATION, '').trim();
  if (!core) return { kind: 'none' };

  for (const re of PROGRESS_QUERY) {
    const m = re.exec(core);
    if (m && Number(m[1]) > 0) return { kind: 'progress_query', no: Number(m[1]) };
  }
  if (asked) return { kind: 'none' }; // "满意吗?" / "1?" is a question, not a verdict

  const digit = DIGIT_RATING.exec(core);
  if (digit) return { kind: 'rating', rating: RATING_DIGITS[digit[1]], no: positive(digit[2]) };
  const word = WORD_RATING.exec(core);
  if (word) {
    const rating = RATING_WORDS.find(([re]) => re.test(word[2]))?.[1];
    if (rating) return { kind: 'rating', rating, no: positive(word[1] ?? word[3]) };
  }
  return { kind: 'none' };
}

function positive(s: string | undefined): number | null {
  const n = s === undefined ? NaN : Number(s);
  return n > 0 ? n : null;
}
