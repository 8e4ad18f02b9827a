// What the bot tells the leaders group about itself: that it was offline and caught up, or that
// a message could not be delivered. Short, plain Chinese; nothing personal (it was masked).
import { maskPii } from '../domain/mask-pii.js';
import type { OutgoingMessage } from './ports/outbox.js';

/** Minutes as people say them: at least 1. */
function minutes(ms: number): number {
  return Math.max(1, Math.round(ms / 60_000));
}

/** The bot was logged out of WeChat (or its process down) and is back; sent once per spell. */
export function reconnectedNotice(leadersRoomId: string, since: Date, backAt: Date): OutgoingMessage {
  return {
    roomId: leadersRoomId,
    text: `【系统提示】机器人曾掉线 ${minutes(backAt.getTime() - since.getTime())} 分钟，已恢复，期间消息已补处理。`,
    dedupeKey: `ops:reconnected:${since.getTime()}`,
  };
}

/**
 * A message the outbox gave up on. One notice per group per hour: a group that removed the bot
 * would otherwise produce one notice per message.
 */
export function sendFailedNotice(
  leadersRoomId: string,
  failed: { roomId: string; text: string; attempts: number; error: string },
  groupName: string,
  now: Date,
): OutgoingMessage {
  const excerpt = maskPii(failed.text.replace(/\s+/g, ' ').trim()).slice(0, 60);
  return {
    roomId: leadersRoomId,
    text:
      `【系统提示】有消息未能发出（已尝试 ${failed.attempts} 次）：发往「${groupName}」的「${excerpt}${failed.text.length > 60 ? '…' : ''}」。` +
      `请人工在该群补发，并检查机器人是否还在群里。（同一群一小时内只提示一次，详见日志）`,
    dedupeKey: `ops:send-failed:${failed.roomId}:${Math.floor(now.getTime() / 3_600_000)}`,
  };
}

/** Bound groups that no logged-in bot account is in any more (their accounts stopped); once per loss. */
export function orphanedGroupsNotice(leadersRoomId: string, groupNames: string[], at: Date): OutgoingMessage {
  return {
    roomId: leadersRoomId,
    text:
      `【系统提示】以下群暂无机器人在线，群里的消息暂时无人处理：\n${groupNames.map((n) => `· ${n}`).join('\n')}\n` +
      `请尽快让该机器人账号重新登录，或把在线的机器人账号拉进这些群。`,
    dedupeKey: `ops:orphaned:${at.getTime()}`,
    lane: 'urgent',
  };
}
