// Everything the bot says, in one place: short, natural Chinese that names the ticket number.
// Text shown outside the resident's own group must already be masked by the caller.
import {
  RATING_LABELS,
  STATUS_LABELS,
  URGENCY_LABELS,
  type Rating,
  type Ticket,
  type TicketEvent,
} from '../domain/ticket.js';

export interface TextContext {
  timezone: string;
  categoryName(code: string): string;
  departmentOf(code: string): string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
export function formatTime(at: Date, timezone: string): string {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('zh-CN', {
      timeZone: timezone,
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    });
    formatters.set(timezone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.month}-${parts.day} ${parts.hour === '24' ? '00' : parts.hour}:${parts.minute}`;
}

/** Cuts long text for cards: a duty group does not need an 800-character rant in full. */
export function excerpt(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function minutesText(minutes: number): string {
  if (minutes < 60) return `${Math.round(minutes)} 分钟`;
  const hours = minutes / 60;
  return hours < 48 ? `${Math.round(hours * 10) / 10} 小时` : `${Math.round(hours / 24)} 天`;
}

export const EMERGENCY_ADVICE: Record<'gas' | 'fire' | 'medical' | 'police', string> = {
  gas: '⚠️ 闻到燃气味请立刻关闭燃气阀门、开窗通风，不要开关电器、不要打电话，到室外后拨打燃气抢修电话或 119。',
  fire: '⚠️ 发现火情请立即拨打 119，用湿毛巾捂住口鼻、弯腰从安全通道撤离，不要乘电梯。',
  medical: '⚠️ 有人受伤或身体不适请立即拨打 120，不要随意搬动伤者。',
  police: '⚠️ 遇到危险或违法行为正在发生，请立即拨打 110，注意自身安全。',
};

export function texts(ctx: TextContext) {
  const t = (d: Date) => formatTime(d, ctx.timezone);
  const cat = (code: string) => ctx.categoryName(code);

  return {
    categoryName: cat,

    ack(ticket: Ticket, advice: string | null): string {
      const base = `收到，已登记为工单 #${ticket.no}（${cat(ticket.category)}${ticket.urgency === 'urgent' ? '·紧急' : ''}），已转值班人员处理，有进展会在群里告诉您。`;
      return advice ? `${base}\n${advice}` : base;
    },

    dutyCard(ticket: Ticket, p: { maskedText: string; groupTopic: string; reporterName: string }): string {
      return [
        `【${ticket.urgency === 'urgent' ? '紧急' : '新'}工单 #${ticket.no}】${cat(ticket.category)} · ${URGENCY_LABELS[ticket.urgency]}`,
        `来源：${p.groupTopic} · ${p.reporterName}`,
        `内容：${excerpt(p.maskedText)}`,
        `归口：${ctx.departmentOf(ticket.category)}`,
        `签收时限：${t(ticket.claimDueAt)}　办结时限：${t(ticket.dueAt)}`,
        `回复「认领 ${ticket.no}」接单，或引用本条回复「认领」`,
      ].join('\n');
    },

    leadersAlert(ticket: Ticket, p: { maskedText: string; groupTopic: string }): string {
      const claimIn = (ticket.claimDueAt.getTime() - ticket.createdAt.getTime()) / 60_000;
      return [
        `【紧急工单 #${ticket.no}】${cat(ticket.category)}`,
        `来源：${p.groupTopic}`,
        `内容：${excerpt(p.maskedText)}`,
        `已推送值班群，要求 ${minutesText(claimIn)}内签收。`,
      ].join('\n');
    },

    claimedToResident: (ticket: Ticket) =>
      `您反映的问题（工单 #${ticket.no}）已由${ticket.assignee?.name ?? '值班人员'}负责处理。`,
    claimedToDuty: (ticket: Ticket) => `工单 #${ticket.no} 已由 ${ticket.assignee?.name} 认领，办结时限 ${t(ticket.dueAt)}。`,

    progressToResident: (ticket: Ticket, note: string, by: string) => `工单 #${ticket.no} 进展（${by}）：${note}`,
    progressToDuty: (ticket: Ticket) => `已把工单 #${ticket.no} 的进展转告居民。`,

    resolvedToResident: (ticket: Ticket, note: string | null) =>
      `工单 #${ticket.no} 已办结${note ? `：${note}` : '。'}\n请回复「满意」「基本满意」或「不满意」（也可回 1/2/3）为这次处理打分。`,
    resolvedToDuty: (ticket: Ticket) => `工单 #${ticket.no} 已办结，等待居民评价。`,

    ratedToResident(ticket: Ticket, rating: Rating): string {
      return rating === 'unsatisfied'
        ? `抱歉没能让您满意，工单 #${ticket.no} 已重新交办，${ticket.assignee?.name ?? '值班人员'}会继续跟进。`
        : `谢谢您的评价（${RATING_LABELS[rating]}），工单 #${ticket.no} 已归档。`;
    },
    ratedToDuty(ticket: Ticket, rating: Rating): string {
      return rating === 'unsatisfied'
        ? `工单 #${ticket.no} 居民评价「不满意」，已重办（第 ${ticket.reopenCount} 次），请 ${ticket.assignee?.name ?? '承办人'} 继续处理。`
        : `工单 #${ticket.no} 居民评价「${RATING_LABELS[rating]}」，已归档。`;
    },

    returnedToDuty: (ticket: Ticket, reason: string, by: string) =>
      `工单 #${ticket.no} 已由 ${by} 退回待派：${reason}\n请其他同事回复「认领 ${ticket.no}」接单。`,

    reassignedToDuty: (ticket: Ticket) => `工单 #${ticket.no} 已转派给 ${ticket.assignee?.name}，办结时限 ${t(ticket.dueAt)}。`,
    reassignedToResident: (ticket: Ticket) => `工单 #${ticket.no} 现由${ticket.assignee?.name}负责处理。`,

    rejectedToDuty: (ticket: Ticket, reason: string) => `工单 #${ticket.no} 已作废：${reason}`,
    rejectedToResident: (ticket: Ticket, reason: string) =>
      `工单 #${ticket.no} 已关闭（${reason}）。如果问题还在，请在群里再说明一下。`,

    mergedToDuty: (source: Ticket, target: Ticket) =>
      `工单 #${source.no} 已并入 #${target.no}，反映人共 ${target.reporters.length} 位。`,
    mergedToResident: (source: Ticket, target: Ticket) =>
      `您反映的问题（工单 #${source.no}）和工单 #${target.no} 是同一件事，已合并处理，进展会一并通知您。`,

    statusCard(ticket: Ticket, lastEvent: TicketEvent | null, p: { maskedText?: string } = {}): string {
      const lines = [
        `工单 #${ticket.no}（${cat(ticket.category)}·${URGENCY_LABELS[ticket.urgency]}）：${STATUS_LABELS[ticket.status]}`,
      ];
      if (p.maskedText) lines.push(`内容：${excerpt(p.maskedText, 60)}`);
      if (ticket.assignee && ticket.status !== 'new') lines.push(`承办人：${ticket.assignee.name}`);
      if (ticket.status === 'new') lines.push(`签收时限：${t(ticket.claimDueAt)}`);
      if (ticket.status === 'new' || ticket.status === 'claimed') lines.push(`办结时限：${t(ticket.dueAt)}`);
      if (ticket.status === 'merged' && ticket.mergedInto) lines.push(`已并入工单 #${ticket.mergedInto}`);
      if (ticket.rating) lines.push(`评价：${RATING_LABELS[ticket.rating]}`);
      if (ticket.reporters.length > 1) lines.push(`反映人：${ticket.reporters.length} 位`);
      if (lastEvent?.note) lines.push(`最近：${t(lastEvent.at)} ${excerpt(lastEvent.note, 60)}`);
      return lines.join('\n');
    },

    todoList(tickets: Ticket[], now: Date): string {
      if (tickets.length === 0) return '本群暂无待办工单 👍';
      const rows = tickets.slice(0, 20).map((tk) => {
        const due = tk.status === 'new' ? tk.claimDueAt : tk.dueAt;
        const overdue = due.getTime() < now.getTime() ? '【超时】' : '';
        const who = tk.status === 'new' ? '待签收' : `${tk.assignee?.name ?? ''}处理中`;
        return `#${tk.no} ${overdue}${cat(tk.category)} · ${who} · ${tk.status === 'new' ? '签收' : '办结'}时限 ${t(due)}`;
      });
      const more = tickets.length > 20 ? `\n……另有 ${tickets.length - 20} 件，请到控制台查看` : '';
      return `待办工单 ${tickets.length} 件（按时限排序）：\n${rows.join('\n')}${more}`;
    },

    infoAddedToDuty: (ticket: Ticket, maskedText: string, urgentNow: boolean) =>
      `工单 #${ticket.no} 居民补充${urgentNow ? '（已升为紧急）' : ''}：${excerpt(maskedText, 80)}`,
    chaseToDuty: (ticket: Ticket, maskedText: string) => `工单 #${ticket.no} 居民催办：${excerpt(maskedText, 80)}`,
    imageToDuty: (ticket: Ticket) => `工单 #${ticket.no} 的现场照片：`,
    repeatReportAck: (ticket: Ticket) =>
      `这个问题已经登记为工单 #${ticket.no}（共 ${ticket.reporters.length} 位居民反映），有进展会一并通知您。`,
    linkedReportAck: (ticket: Ticket) =>
      `您反映的问题其他群也有居民反映，已并入工单 #${ticket.no} 统一处理，有进展会通知您。`,
    reportersToDuty: (ticket: Ticket, groupTopic: string) =>
      `工单 #${ticket.no} 又有居民反映（${groupTopic}），目前共 ${ticket.reporters.length} 位。`,
    manyReportersToDuty: (ticket: Ticket) =>
      `工单 #${ticket.no} 已有 ${ticket.reporters.length} 位居民反映，影响面较大，已升为紧急，请尽快处理。`,
    splitToDuty: (source: Ticket, target: Ticket) => `工单 #${source.no} 已从 #${target.no} 拆分出来，重新待签收。`,

    // Combined messages (src/app/outbox-coalescing.ts): what several waiting messages become.
    /** Acknowledgements to several residents of one group: `names` per ticket, or one ticket for all. */
    acksCombined(byPerson: Array<{ name: string; nos: number[] }>): string {
      const all = [...new Set(byPerson.flatMap((p) => p.nos))];
      if (all.length === 1) return `收到，大家反映的问题已登记为工单 #${all[0]}，已转值班人员处理，有进展会在群里告诉大家。`;
      const parts = byPerson.map((p) => `${p.name} ${p.nos.map((n) => `#${n}`).join('、')}`);
      return `收到，已登记：${parts.join('；')}。已转值班人员处理，有进展会在群里告诉大家。`;
    },
    /** Normal-urgency cards for one duty group: a list card, one line per ticket. */
    cardsCombined(lines: string[], firstNo: number): string {
      return [`【新工单 ${lines.length} 条】`, ...lines, `回复「认领 工单号」接单，例如「认领 ${firstNo}」`].join('\n');
    },
    /** One line of a list card: number, category, group and the masked report. */
    cardLine: (ticket: Ticket, p: { maskedText: string; groupTopic: string }) =>
      `#${ticket.no} ${cat(ticket.category)} · ${p.groupTopic} · ${excerpt(p.maskedText, 40)}`,
    /** Urgent tickets waiting together for one group (a duty group's cards, the leaders' alerts). */
    urgentCombined(lines: string[], firstNo: number, forDuty: boolean): string {
      const claim = forDuty ? [`请立即回复「认领 工单号」接单，例如「认领 ${firstNo}」`] : ['已推送值班群，要求尽快签收。'];
      return [`【紧急工单 ${lines.length} 条】`, ...lines, ...claim].join('\n');
    },
    /** What residents added to one ticket over a few minutes. */
    infoCombined(no: number, lines: string[]): string {
      const shown = lines.slice(0, 6).map((l) => `· ${excerpt(l, 60)}`);
      const more = lines.length > shown.length ? [`……另有 ${lines.length - shown.length} 条，见控制台工单 #${no}`] : [];
      return [`工单 #${no} 居民补充 ${lines.length} 条：`, ...shown, ...more].join('\n');
    },
    /** Several answers to one resident that waited together. */
    repliesCombined(lines: string[]): string {
      const unique = [...new Set(lines)];
      const shown = unique.slice(0, 4);
      return [...shown, ...(unique.length > shown.length ? [`（另有 ${unique.length - shown.length} 条类似回复从略）`] : [])].join('\n');
    },

    // Known incidents (src/app/incidents.ts): 公告 and 解除.
    incidentNotice: (no: number, where: string, what: string) =>
      `【社区公告 #${no}】${where}：${what}\n已在处理，无需重复反映；有新情况请在群里说明。`,
    incidentAnnouncedToDuty: (no: number, where: string, groups: number) =>
      `已发布公告 #${no}（${where}），已通知 ${groups} 个居民群。居民相关反映会并入 #${no}，不再单独派单；结束时回复「解除 ${no} 说明」。`,
    incidentAnswer: (no: number, where: string, what: string, somewhere: boolean) =>
      `社区已发布公告 #${no}：${where}${what}。已记下您的反映，恢复后会在群里告诉您。` +
      (somewhere ? `（如果您说的不是${where}，请说明具体楼栋，我另外登记）` : ''),
    incidentLiftedToResidents: (no: number, where: string, what: string, note: string | null) =>
      `公告 #${no}（${where}${excerpt(what, 30)}）已解除${note ? `：${note}` : '。'}谢谢大家的耐心。`,
    incidentLiftedToDuty: (no: number, residents: number, groups: number) =>
      residents ? `公告 #${no} 已解除，已告知 ${groups} 个群的 ${residents} 位反映居民。` : `公告 #${no} 已解除。`,
    notAnIncident: (no: number) => `工单 #${no} 不是公告；办结工单请用「办结 ${no} 处理结果」。`,
    incidentAlreadyLifted: (no: number) => `公告 #${no} 已经解除了。`,
    incidentNeedsCommunity: (example: string) => `本值班群负责多个社区，请在范围前写社区名，例如「公告 ${example}8栋 停水」。`,

    notFound: (no: number) => `工单 ${no} 不存在，请核对编号。`,
    notThisDutyRoom: (ticket: Ticket) => `工单 #${ticket.no} 不归本值班群处理。`,
    notInYourCommunities: (ticket: Ticket) => `工单 #${ticket.no} 不在您负责的社区。`,
    mergeIntoSelf: (ticket: Ticket) => `工单 #${ticket.no} 不能合并到它自己。`,
    mergeTargetClosed: () => '目标工单已结束，不能合并进去。',
    staffOnly: () => '抱歉，这个操作只有值班人员可以使用。有问题直接在群里说，我会帮您登记。',
    staffUseDutyRoom: () => '工单操作请到值班群里进行哦。',
    alreadyClaimed: (ticket: Ticket) =>
      ticket.assignee ? `工单 #${ticket.no} 已由 ${ticket.assignee.name} 认领。` : `工单 #${ticket.no} 已被认领。`,
    notAllowed: (ticket: Ticket, actionLabel: string) =>
      `工单 #${ticket.no} 当前状态是「${STATUS_LABELS[ticket.status]}」，不能${actionLabel}。`,
    onlyReportersRate: (no: number) => `只有工单 #${no} 的反映人可以评价哦。`,
    staffNotFound: (name: string) => `找不到值班人员「${name}」，请 @ 对方或核对名字。`,
    somethingWentWrong: () => '抱歉，系统刚才出了点问题，请稍后再试一次。',

    // SLA ladder (src/app/sla-ladder.ts): re-announce, overdue, 催办, 督办.
    ladderClaimWarn: (ticket: Ticket, p: { maskedText: string; now: Date }) =>
      [
        `【待签收提醒】工单 #${ticket.no}（${cat(ticket.category)}·${URGENCY_LABELS[ticket.urgency]}）还无人认领，` +
          (ticket.claimDueAt.getTime() > p.now.getTime()
            ? `距签收时限（${t(ticket.claimDueAt)}）还有 ${minutesText(Math.max(1, (ticket.claimDueAt.getTime() - p.now.getTime()) / 60_000))}。`
            : `签收时限（${t(ticket.claimDueAt)}）已到。`),
        `内容：${excerpt(p.maskedText, 60)}`,
        `回复「认领 ${ticket.no}」接单。`,
      ].join('\n'),
    ladderClaimOverdue: (ticket: Ticket, p: { unmentionedNames: string[] }) =>
      `${p.unmentionedNames.map((n) => `@${n} `).join('')}【签收超时】工单 #${ticket.no}（${cat(ticket.category)}）已过签收时限 ${t(ticket.claimDueAt)}，` +
      `仍无人认领，请值班同事立即回复「认领 ${ticket.no}」。`,
    ladderResolveWarn: (ticket: Ticket, p: { now: Date }) =>
      `【办结提醒】工单 #${ticket.no}（${cat(ticket.category)}）` +
      (ticket.dueAt.getTime() > p.now.getTime()
        ? `距办结时限（${t(ticket.dueAt)}）还有 ${minutesText(Math.max(1, (ticket.dueAt.getTime() - p.now.getTime()) / 60_000))}`
        : `办结时限（${t(ticket.dueAt)}）已到`) +
      `，请抓紧办理；办完回复「办结 ${ticket.no} 处理情况」。`,
    ladderResolveOverdue: (ticket: Ticket, p: { now: Date }) =>
      `【催办】工单 #${ticket.no}（${cat(ticket.category)}）已超过办结时限（${t(ticket.dueAt)}）` +
      `${minutesText(Math.max(1, (p.now.getTime() - ticket.dueAt.getTime()) / 60_000))}，请尽快办结，或回复「进展 ${ticket.no} 情况」说明进度。`,
    ladderEscalation(ticket: Ticket, p: { maskedText: string; communityName: string; dutyRoomTopic: string | null; now: Date }): string {
      const since = (d: Date) => minutesText(Math.max(1, (p.now.getTime() - d.getTime()) / 60_000));
      const unclaimed = ticket.status === 'new';
      const due = unclaimed ? ticket.claimDueAt : ticket.dueAt;
      const late = p.now.getTime() - due.getTime();
      return [
        `【督办】工单 #${ticket.no} ${p.communityName} · ${cat(ticket.category)} · ${URGENCY_LABELS[ticket.urgency]}`,
        `内容：${excerpt(p.maskedText, 80)}`,
        unclaimed
          ? `承办：无人签收，已等待 ${since(ticket.createdAt)}`
          : `承办：${ticket.assignee?.name ?? '（未知）'}，已处理 ${since(ticket.claimedAt ?? ticket.createdAt)}`,
        `${unclaimed ? '签收' : '办结'}时限 ${t(due)}，${late > 0 ? `已超时 ${minutesText(late / 60_000)}` : '尚未签收'}`,
        ...(p.dutyRoomTopic ? [`值班群：${p.dutyRoomTopic}`] : []),
      ].join('\n');
    },
    ladderEscalatedToDuty: (ticket: Ticket) =>
      `工单 #${ticket.no} 已报领导督办，请${ticket.status === 'new' ? '值班同事立即认领' : ` ${ticket.assignee?.name ?? '承办人'} 尽快办结`}。`,
  };
}

export type Texts = ReturnType<typeof texts>;
