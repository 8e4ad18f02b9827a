// The chat grammar of identity (design.md, "Identity (contract)"): enrolment in the leaders group
// (`邀请`, `移除`), joining in a private chat (`加入 <code>`) and binding a group from inside it
// (`绑定 …`, `解绑`). Like the staff commands, a command must start with its verb and read whole:
// "绑定银行卡怎么弄" is chat, not a command.
import { fold } from './command-grammar.js';
import { stripFormatChars } from './format-chars.js';
import type { StaffRole } from './identity.js';

export type RoomKindWord = 'resident' | 'duty' | 'leaders';

export type IdentityCommand =
  /** `where` is a community's name as typed, or null for 全部. */
  | { type: 'invite'; role: StaffRole; where: string | null; name: string }
  /** By an @mention's contact id when there is one, else by the bound name typed. */
  | { type: 'remove'; id: string | null; name: string }
  | { type: 'join'; code: string }
  /** `community` is a community's name as typed; null for the leaders group or 全部 (central duty group). */
  | { type: 'bind'; kind: RoomKindWord; community: string | null }
  | { type: 'unbind' };

export type IdentityParse = { kind: 'none' } | { kind: 'command'; command: IdentityCommand } | { kind: 'usage'; usage: string };

export const IDENTITY_USAGE = {
  invite: '用法：邀请 工作人员 社区名 姓名，例如 邀请 工作人员 阳光花园 张三；领导用 邀请 领导 全部 李四',
  remove: '用法：移除 姓名，例如 移除 张三（也可以 @ 对方）',
  join: '用法：加入 邀请码，例如 加入 123456',
  bind: '用法：在要绑定的群里发 绑定 社区名 居民群 / 绑定 社区名 值班群 / 绑定 领导群',
} as const;

const ROLE_WORDS: Record<string, StaffRole> = { 工作人员: 'staff', 网格员: 'staff', 领导: 'leader', 管理员: 'admin' };
const ALL_WORDS = new Set(['全部', '全部社区', '所有社区', '全街道']);
/** A person's name as the bot will call them: short, one line, something to read. */
const NAME = /^[^\s@]{1,32}$/u;

function clean(text: string): string {
  // Leading @mentions (of the bot, say) are addressing, not part of the command.
  return fold(stripFormatChars(text)).replace(/^\s*(?:@[^\s@\u2005]+[\s\u2005]+)*/, '').replace(/\s+/g, ' ').trim();
}

/** Commands typed in the leaders group: `邀请 …`, `移除 …`. */
export function parseLeadersIdentityCommand(text: string, mentions: Array<{ id: string; name: string }> = []): IdentityParse {
  const t = clean(text);
  if (/^邀请(\s|$)/.test(t)) {
    const m = /^邀请 (工作人员|网格员|领导|管理员) (\S+) (\S+)$/.exec(t);
    if (!m || !NAME.test(m[3]!)) return { kind: 'usage', usage: IDENTITY_USAGE.invite };
    const where = ALL_WORDS.has(m[2]!) ? null : m[2]!;
    return { kind: 'command', command: { type: 'invite', role: ROLE_WORDS[m[1]!]!, where, name: m[3]! } };
  }
  if (/^移除(\s|$)/.test(t)) {
    const mention = mentions[0];
    if (mention) return { kind: 'command', command: { type: 'remove', id: mention.id, name: mention.name } };
    const m = /^移除 @?(\S+)$/.exec(t);
    if (!m || !NAME.test(m[1]!)) return { kind: 'usage', usage: IDENTITY_USAGE.remove };
    return { kind: 'command', command: { type: 'remove', id: null, name: m[1]! } };
  }
  return { kind: 'none' };
}

/** `加入 123456` in a private chat with the bot. */
export function parseJoinCommand(text: string): IdentityParse {
  const t = clean(text);
  if (!/^加入(\s|\d|$)/.test(t)) return { kind: 'none' };
  const m = /^加入 ?(\d{6})$/.exec(t.replace(/(\d) (?=\d)/g, '$1'));
  return m ? { kind: 'command', command: { type: 'join', code: m[1]! } } : { kind: 'usage', usage: IDENTITY_USAGE.join };
}

/** `绑定 社区名 居民群|值班群`, `绑定 领导群`, `绑定 全部 值班群` (the central duty group), `解绑`. */
export function parseGroupBindingCommand(text: string): IdentityParse {
  const t = clean(text);
  if (/^解绑(定)?(本群)?$/.test(t)) return { kind: 'command', command: { type: 'unbind' } };
  if (/^绑定 ?领导群$/.test(t)) return { kind: 'command', command: { type: 'bind', kind: 'leaders', community: null } };
  const m = /^绑定 ?(\S+?) ?(居民群|值班群)$/.exec(t);
  // "绑定 阳光花园" is a command gone wrong; "绑定银行卡怎么弄" is chat.
  if (!m) return /^绑定( \S+){0,2}$/.test(t) ? { kind: 'usage', usage: IDENTITY_USAGE.bind } : { kind: 'none' };
  const kind: RoomKindWord = m[2] === '居民群' ? 'resident' : 'duty';
  const community = ALL_WORDS.has(m[1]!) ? null : m[1]!;
  if (community === null && kind === 'resident') return { kind: 'usage', usage: IDENTITY_USAGE.bind };
  return { kind: 'command', command: { type: 'bind', kind, community } };
}

/** Starts like a group binding command (lets it past the filter that drops unbound groups' chat). */
export function isGroupBindingCommand(text: string): boolean {
  return parseGroupBindingCommand(text).kind !== 'none';
}
