// What the bot says about people and groups: short Chinese, no personal data beyond the bound name.
import { grantLabel, STAFF_ROLE_LABELS, type Grant, type StaffRole } from '../domain/identity.js';
import type { RoomKind } from './ports/registry.js';

export const ROOM_KIND_LABELS: Record<RoomKind, string> = { resident: '居民群', duty: '值班群', leaders: '领导群' };

export function identityTexts(communityName: (id: string) => string) {
  const label = (grant: Grant) => grantLabel(grant, communityName);
  const groupLabel = (kind: RoomKind, community: string | null) =>
    kind === 'leaders' ? '领导群' : `${community ? communityName(community) : '中心'}${ROOM_KIND_LABELS[kind]}`;
  return {
    groupLabel,
    grantLabel: label,

    // 邀请 / 加入 / 移除
    invitationCode: (p: { code: string; name: string; grant: Grant; hours: number }) =>
      [
        `邀请码：${p.code}`,
        `给 ${p.name}（${label(p.grant)}）。请转给本人，让 ta 加机器人为好友后私聊发送「加入 ${p.code}」。`,
        `${p.hours} 小时内有效，只能用一次。`,
      ].join('\n'),
    invitationSent: (p: { name: string; grant: Grant }) =>
      `已把 ${p.name}（${label(p.grant)}）的邀请码私聊发给您。没收到的话，请先加机器人为好友再邀请一次。`,
    notAllowed: () => '只有领导或管理员可以邀请或移除人员，且不能超出自己负责的范围。',
    unknownCommunity: (name: string) => `没有叫「${name}」的社区，请核对社区名。`,
    joinWelcome: (p: { name: string; grant: Grant; role: StaffRole }) =>
      [
        `欢迎，${p.name}！您已加入为${label(p.grant)}。`,
        p.role === 'staff'
          ? '在值班群里回复「认领 工单号」即可接单；私聊我发送「登录」可以进入控制台。'
          : '私聊我发送「登录」可以进入控制台；在领导群发送「日报」可随时查看日报。',
      ].join('\n'),
    joinedToGroup: (p: { name: string; grant: Grant; invitedBy: string }) => `${p.name} 已加入，身份：${label(p.grant)}（${p.invitedBy} 邀请）。`,
    joinRefused: () => '邀请码不对、已用过或已过期。请联系邀请您的领导重新邀请。',
    joinTooOften: () => '尝试次数过多，请一小时后再试。',
    removed: (p: { name: string; grant: Grant; sessions: number }) =>
      `已移除 ${p.name}（${label(p.grant)}）${p.sessions ? '，其控制台登录已失效' : ''}。`,
    removedToGroup: (p: { name: string }) => `${p.name} 已不再是本群的值班人员。`,
    removeNotFound: (name: string) => `找不到已绑定的「${name}」。`,
    removeAmbiguous: (name: string, count: number) => `有 ${count} 位叫「${name}」的人员，请 @ 对方，或在控制台的人员页移除。`,

    // 绑定 / 解绑 / 改名
    bound: (kind: RoomKind, community: string | null) => `本群已绑定为${groupLabel(kind, community)}。`,
    boundElsewhere: (p: { topic: string; kind: RoomKind; community: string | null; by: string }) =>
      `「${p.topic}」已由 ${p.by} 绑定为${groupLabel(p.kind, p.community)}。`,
    replacedBy: (p: { kind: RoomKind; community: string | null; topic: string }) =>
      `本群已不再是${groupLabel(p.kind, p.community)}（已改为「${p.topic}」），我不会再处理本群的消息。`,
    unbound: () => '本群已解除绑定，我不会再处理本群的消息。',
    notBound: () => '本群还没有绑定。',
    bindNotAllowed: () => '只有领导或管理员可以绑定群，且只能绑定自己负责的社区。',
    renamed: (p: { oldTopic: string; newTopic: string; kind: RoomKind; community: string | null; by: string | null }) =>
      `${groupLabel(p.kind, p.community)}「${p.oldTopic}」被${p.by ? ` ${p.by} ` : ''}改名为「${p.newTopic}」。绑定不变：群名不决定群的身份。`,
    roleLabel: (role: StaffRole) => STAFF_ROLE_LABELS[role],
  };
}

export type IdentityTexts = ReturnType<typeof identityTexts>;
