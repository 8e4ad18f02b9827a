import { And, In, LessThan, MoreThan, MoreThanOrEqual, type EntityManager, type FindOperator } from 'typeorm';
import { TicketChangedError, type NewTicket, type TicketFilter, type TicketRepository } from '../app/ports/tickets.js';
import {
  OPEN_STATUSES,
  type Rating,
  type Reporter,
  type Ticket,
  type TicketEvent,
  type TicketStatus,
} from '../domain/ticket.js';
import { clip, MAX_TEXT } from './clip.js';
import { NAME_LENGTH } from './entities/column-types.js';
import { TicketEventRow } from './entities/ticket-event-row.js';
import { TicketMessageRow } from './entities/ticket-message-row.js';
import { TicketReporterRow } from './entities/ticket-reporter-row.js';
import { TicketRow } from './entities/ticket-row.js';

const DEFAULT_LIST_LIMIT = 500;

/** Works on whatever EntityManager it is given: the data source's, or a transaction's. */
export class TypeormTicketRepository implements TicketRepository {
  constructor(private readonly em: EntityManager) {}

  async create(draft: NewTicket, createdEvent: TicketEvent): Promise<Ticket> {
    const row: Omit<TicketRow, 'no'> = {
      status: draft.status,
      category: draft.category,
      urgency: draft.urgency,
      community: draft.community,
      groupId: draft.groupId,
      dutyRoomId: draft.dutyRoomId,
      text: clip(draft.text, MAX_TEXT),
      source: draft.source,
      confidence: draft.confidence,
      createdAt: draft.createdAt,
      claimDueAt: draft.claimDueAt,
      dueAt: draft.dueAt,
      claimedAt: null,
      resolvedAt: null,
      closedAt: null,
      assigneeId: null,
      assigneeName: null,
      rating: null,
      reopenCount: 0,
      mergedInto: null,
      version: 1,
      updatedAt: new Date(),
      redactedAt: null,
    };
    const inserted = await this.em.insert(TicketRow, row);
    const no = Number(inserted.identifiers[0]?.no);
    if (!Number.isInteger(no) || no < 1) throw new Error('insert into tickets returned no ticket number');
    await this.em.insert(TicketReporterRow, reporterRow(no, draft.reporter));
    await this.em.insert(TicketEventRow, eventRow(no, createdEvent));
    const messageIds = [...new Set(draft.messageIds)];
    if (messageIds.length > 0) {
      await this.em.insert(
        TicketMessageRow,
        messageIds.map((messageId) => ({ ticketNo: no, messageId })),
      );
    }
    return toTicket({ ...row, no }, [draft.reporter]);
  }

  async get(no: number): Promise<Ticket | null> {
    const row = await this.em.findOneBy(TicketRow, { no });
    if (!row) return null;
    const [ticket] = await this.withReporters([row]);
    return ticket ?? null;
  }

  async save(ticket: Ticket, events: TicketEvent[]): Promise<Ticket> {
    const version = ticket.version + 1;
    // The WHERE on version is the optimistic lock: 0 rows means someone saved in between.
    const result = await this.em
      .createQueryBuilder()
      .update(TicketRow)
      .set({
        status: ticket.status,
        category: ticket.category,
        urgency: ticket.urgency,
        community: ticket.community,
        groupId: ticket.groupId,
        dutyRoomId: ticket.dutyRoomId,
        text: clip(ticket.text, MAX_TEXT),
        source: ticket.source,
        confidence: ticket.confidence,
        claimDueAt: ticket.claimDueAt,
        dueAt: ticket.dueAt,
        claimedAt: ticket.claimedAt,
        resolvedAt: ticket.resolvedAt,
        closedAt: ticket.closedAt,
        assigneeId: ticket.assignee?.id ?? null,
        assigneeName: ticket.assignee ? clip(ticket.assignee.name, NAME_LENGTH) : null,
        rating: ticket.rating,
        reopenCount: ticket.reopenCount,
        mergedInto: ticket.mergedInto,
        version,
        updatedAt: new Date(),
      })
      .where({ no: ticket.no, version: ticket.version })
      .execute();
    if (result.affected !== 1) throw new TicketChangedError(ticket.no);

    if (events.length > 0) {
      await this.em.insert(
        TicketEventRow,
        events.map((event) => eventRow(ticket.no, event)),
      );
    }
    const stored = new Set(
      (await this.em.find(TicketReporterRow, { select: { personId: true }, where: { ticketNo: ticket.no } })).map(
        (r) => r.personId,
      ),
    );
    for (const reporter of ticket.reporters) {
      if (stored.has(reporter.id)) continue;
      stored.add(reporter.id);
      await this.em.insert(TicketReporterRow, reporterRow(ticket.no, reporter));
    }
    // A split takes reporters away again.
    const gone = [...stored].filter((id) => !ticket.reporters.some((r) => r.id === id));
    if (gone.length) await this.em.delete(TicketReporterRow, { ticketNo: ticket.no, personId: In(gone) });
    return { ...ticket, version };
  }

  async events(no: number): Promise<TicketEvent[]> {
    const rows = await this.em.find(TicketEventRow, { where: { ticketNo: no }, order: { id: 'ASC' } });
    return rows.map(toEvent);
  }

  async list(filter: TicketFilter): Promise<Ticket[]> {
    const statuses = filter.status === undefined ? undefined : ([] as TicketStatus[]).concat(filter.status);
    if (statuses?.length === 0) return [];
    // Built up key by key: TypeORM 1.x rejects `undefined` in a where object.
    const where: Record<string, unknown> = {};
    if (statuses) where.status = statuses.length === 1 ? statuses[0] : In(statuses);
    if (filter.community !== undefined) where.community = filter.community;
    if (filter.category !== undefined) where.category = filter.category;
    if (filter.dutyRoomId !== undefined) where.dutyRoomId = filter.dutyRoomId;
    if (filter.communities !== undefined) {
      if (filter.community !== undefined ? !filter.communities.includes(filter.community) : filter.communities.length === 0) return [];
      if (filter.community === undefined) where.community = In(filter.communities);
    }
    const from = filter.createdFrom ? MoreThanOrEqual(filter.createdFrom) : undefined;
    const before = filter.createdBefore ? LessThan(filter.createdBefore) : undefined;
    if (from && before) where.createdAt = And(from, before);
    else if (from ?? before) where.createdAt = from ?? before;
    const direction = filter.oldestFirst ? 'ASC' : 'DESC';
    const rows = await this.em.find(TicketRow, {
      where: filter.after ? keysetAfter(where, filter.after, direction) : where,
      order: { createdAt: direction, no: direction },
      take: filter.limit ?? DEFAULT_LIST_LIMIT,
    });
    return this.withReporters(rows);
  }

  async latestResolvedFor(reporterId: string): Promise<Ticket | null> {
    const rows = await this.reportedBy(reporterId, ['resolved'])
      .orderBy('t.resolvedAt', 'DESC')
      .addOrderBy('t.no', 'DESC')
      .limit(1)
      .getMany();
    const [ticket] = await this.withReporters(rows);
    return ticket ?? null;
  }

  async openFor(reporterId: string): Promise<Ticket[]> {
    const rows = await this.reportedBy(reporterId, OPEN_STATUSES)
      .orderBy('t.createdAt', 'DESC')
      .addOrderBy('t.no', 'DESC')
      .getMany();
    return this.withReporters(rows);
  }

  private reportedBy(personId: string, statuses: readonly TicketStatus[]) {
    const qb = this.em.createQueryBuilder(TicketRow, 't');
    const reported = qb
      .subQuery()
      .select('r.ticketNo')
      .from(TicketReporterRow, 'r')
      .where('r.personId = :personId')
      .getQuery();
    return qb
      .where(`t.no IN ${reported}`, { personId })
      .andWhere('t.status IN (:...statuses)', { statuses: [...statuses] });
  }

  private async withReporters(rows: TicketRow[]): Promise<Ticket[]> {
    if (rows.length === 0) return [];
    const reporterRows = await this.em.find(TicketReporterRow, {
      where: { ticketNo: In(rows.map((r) => r.no)) },
      order: { id: 'ASC' },
    });
    const byTicket = new Map<number, Reporter[]>();
    for (const r of reporterRows) {
      const list = byTicket.get(r.ticketNo) ?? [];
      list.push({ id: r.personId, name: r.name, roomId: r.roomId, at: r.at });
      byTicket.set(r.ticketNo, list);
    }
    return rows.map((row) => toTicket(row, byTicket.get(row.no) ?? []));
  }
}

function toTicket(row: TicketRow, reporters: Reporter[]): Ticket {
  return {
    no: row.no,
    status: row.status as TicketStatus,
    category: row.category,
    urgency: row.urgency as Ticket['urgency'],
    community: row.community,
    groupId: row.groupId,
    dutyRoomId: row.dutyRoomId,
    text: row.text,
    source: row.source as Ticket['source'],
    confidence: Number(row.confidence),
    reporters,
    assignee: row.assigneeId === null ? null : { id: row.assigneeId, name: row.assigneeName ?? '' },
    createdAt: row.createdAt,
    claimDueAt: row.claimDueAt,
    dueAt: row.dueAt,
    claimedAt: row.claimedAt,
    resolvedAt: row.resolvedAt,
    closedAt: row.closedAt,
    rating: row.rating as Rating | null,
    reopenCount: row.reopenCount,
    mergedInto: row.mergedInto,
    version: row.version,
  };
}

function toEvent(row: TicketEventRow): TicketEvent {
  return {
    type: row.type as TicketEvent['type'],
    actor: { id: row.actorId, name: row.actorName },
    at: row.at,
    note: row.note,
  };
}

function eventRow(ticketNo: number, event: TicketEvent): Omit<TicketEventRow, 'id'> {
  return {
    ticketNo,
    type: event.type,
    actorId: event.actor.id,
    actorName: clip(event.actor.name, NAME_LENGTH),
    at: event.at,
    note: event.note === null ? null : clip(event.note, MAX_TEXT),
  };
}

function reporterRow(ticketNo: number, reporter: Reporter): Omit<TicketReporterRow, 'id'> {
  return {
    ticketNo,
    personId: reporter.id,
    name: clip(reporter.name, NAME_LENGTH),
    roomId: reporter.roomId,
    at: reporter.at,
  };
}

/** (created_at, no) past `after` in list order, as two ranges the created_at indexes serve. */
function keysetAfter(where: Record<string, unknown>, after: { createdAt: Date; no: number }, direction: 'ASC' | 'DESC') {
  const past = direction === 'ASC' ? MoreThan : LessThan;
  const bound = where.createdAt as FindOperator<Date> | undefined;
  const beyond = bound ? And(bound, past(after.createdAt)) : past(after.createdAt);
  return [
    { ...where, createdAt: beyond },
    { ...where, createdAt: after.createdAt, no: past(after.no) },
  ];
}
