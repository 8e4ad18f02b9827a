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
 * Who may use the console, and over which communities: the binding of the person's contact id
 * (leaders and admins over their communities or all, staff over theirs). Nobody else — whatever
 * they call themselves or wherever they sit.
 */
export function consoleIdentityOf(ctx: AppContext, contactId: string): ConsoleIdentity | null {
  const bound = ctx.directory.person(contactId);
  if (!bound) return null;
  return { personId: bound.id, personName: bound.name, role: bound.role, communities: bound.communities };
}

/** Codes one person may be sent per window: a per-account limit on how many live codes there can be. */
export const LOGIN_CODES_PER_ACCOUNT = { windowMinutes: 15, max: 5 };

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
}

/** Private chats with the bot: `登录` gets staff and leaders a console code; anything else a pointer. */
export function privateChatHandler(deps: PrivateChatDeps) {
  return async (ctx: PrivateMessageContext): Promise<void> => {
    const { message: msg } = ctx;
    if (msg.kind !== 'text') return ctx.done('private_chat');
    if (!LOGIN_WORDS.test(msg.text)) {
      ctx.done('private_chat');
      return ctx.reply('您好，我是邻里小助手。有问题请直接在小区群里说，我会帮您登记；值班人员和领导发送「登录」可获取控制台登录码，收到邀请码的新成员请发送「加入 邀请码」。');
    }
    const who = consoleIdentityOf(ctx, msg.senderId);
    if (!who) {
      ctx.log.info({ personId: msg.senderId }, 'console login code refused: not staff or leader');
      ctx.done('login_refused');
      return ctx.reply('抱歉，控制台只对值班人员和领导开放。有问题请直接在小区群里说，我会帮您登记。');
    }
    const since = new Date(ctx.clock.now().getTime() - LOGIN_CODES_PER_ACCOUNT.windowMinutes * 60_000);
    if ((await ctx.store.consoleAuth.loginCodesIssuedSince(who.personId, since)) >= LOGIN_CODES_PER_ACCOUNT.max) {
      ctx.log.warn({ personId: who.personId }, 'console login code refused: too many codes asked for');
      ctx.done('login_refused_too_often');
      return ctx.reply(`登录码申请太频繁，请 ${LOGIN_CODES_PER_ACCOUNT.windowMinutes} 分钟后再试。`);
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
      // The code is blanked in the outbox once sent.
      tx.say({ ...replyTo(msg, text), secret: true });
    });
    ctx.log.info({ personId: who.personId, role: who.role }, 'console login code issued');
  };
}
