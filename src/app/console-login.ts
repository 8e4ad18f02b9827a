// Private chats with the bot: a staff member or leader sends `登录` and gets a one-time code (and
// link) for the web console. Everyone else gets a short pointer back to their group.
import { createHash, randomInt } from 'node:crypto';
import type { AppContext } from './app-context.js';
import type { PrivateMessageContext } from './pipeline/message-context.js';
import { replyTo } from './notify.js';
import type { ConsoleAuthRepository, ConsoleIdentity } from './ports/console-auth.js';

/** How long a login code stays valid. */
export const LOGIN_CODE_TTL_MINUTES = 5;
const CODE_DIGITS = 6;

const LOGIN_WORDS = /^\s*(登录|登陆|登入|控制台|login)\s*$/i;

export const hashLoginCode = (code: string): string => createHash('sha256').update(`linli-login:${code}`).digest('hex');

/**
 * Who may use the console, and over which communities: the roster first (leaders and admins see
 * everything; staff their listed communities, or all when none are listed), then, when duty-group
 * members count as staff, the communities of the duty groups the person sits in.
 */
export async function consoleIdentityOf(
  ctx: AppContext,
  person: { id: string; name: string },
  isMember: PrivateChatDeps['isMember'],
): Promise<ConsoleIdentity | null> {
  const district = ctx.directory.district;
  // Same precedence as Directory.roleOf: an entry with this id, else an id-less entry with this name.
  const entry =
    district.staff.find((s) => s.id !== undefined && s.id === person.id) ??
    district.staff.find((s) => s.id === undefined && s.name === person.name);
  const base = { personId: person.id, personName: person.name };
  if (entry?.role === 'leader' || entry?.role === 'admin') return { ...base, role: entry.role, communities: null };
  if (entry?.role === 'staff') return { ...base, role: 'staff', communities: entry.communities ?? null };
  if (!district.dutyMembersAreStaff) return null;
  const communities = new Set<string>();
  for (const room of ctx.directory.allRooms()) {
    if (room.kind !== 'duty') continue;
    if (await isMember(room.id, person.id).catch(() => false)) {
      for (const c of ctx.directory.communitiesOfDutyRoom(room.id)) communities.add(c);
    }
  }
  return communities.size ? { ...base, role: 'staff', communities: [...communities] } : null;
}

/** Creates a fresh code for this person (their earlier unused codes stop working). */
export async function issueLoginCode(
  ctx: AppContext,
  auth: ConsoleAuthRepository,
  who: ConsoleIdentity,
): Promise<{ code: string; expiresAt: Date }> {
  const now = ctx.clock.now();
  let code: string;
  do code = String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
  while (await auth.hasActiveLoginCode(hashLoginCode(code), now));
  const expiresAt = new Date(now.getTime() + LOGIN_CODE_TTL_MINUTES * 60_000);
  await auth.createLoginCode({ ...who, codeHash: hashLoginCode(code), createdAt: now, expiresAt });
  return { code, expiresAt };
}

export interface PrivateChatDeps {
  /** The console's sign-in link with the code filled in; null when the public URL is unknown. */
  loginUrl(code: string): string | null;
  /** Does this contact sit in this group? (duty-group members count as staff when so configured) */
  isMember(roomId: string, contactId: string): Promise<boolean>;
}

/** Private chats with the bot: `登录` gets staff and leaders a console code; anything else a pointer. */
export function privateChatHandler(deps: PrivateChatDeps) {
  return async (ctx: PrivateMessageContext): Promise<void> => {
    const { message: msg } = ctx;
    if (msg.kind !== 'text') return ctx.done('private_chat');
    if (!LOGIN_WORDS.test(msg.text)) {
      ctx.done('private_chat');
      return ctx.reply('您好，我是邻里小助手。有问题请直接在小区群里说，我会帮您登记；值班人员和领导发送「登录」可获取控制台登录码。');
    }
    const who = await consoleIdentityOf(ctx, { id: msg.senderId, name: msg.senderName }, deps.isMember);
    if (!who) {
      ctx.log.info({ personId: msg.senderId }, 'console login code refused: not staff or leader');
      ctx.done('login_refused');
      return ctx.reply('抱歉，控制台只对值班人员和领导开放。有问题请直接在小区群里说，我会帮您登记。');
    }
    ctx.done('login_code');
    await ctx.transaction(async (tx) => {
      const { code } = await issueLoginCode(ctx, tx.consoleAuth, who);
      const url = deps.loginUrl(code);
      const text = [
        `您的控制台登录码：${code}`,
        `${LOGIN_CODE_TTL_MINUTES} 分钟内有效，只能使用一次。`,
        ...(url ? [`登录地址：${url}`] : []),
        '如非本人操作，请忽略本消息。',
      ].join('\n');
      tx.say(replyTo(msg, text));
    });
    ctx.log.info({ personId: who.personId, role: who.role }, 'console login code issued');
  };
}
