import type { EntityManager } from 'typeorm';
import type { IncidentRepository } from '../app/ports/incidents.js';
import { PROBLEM_KINDS, type Incident, type ProblemKind } from '../domain/incident.js';
import { clip, MAX_TEXT } from './clip.js';
import { IncidentRow } from './entities/incident-row.js';

export class TypeormIncidentRepository implements IncidentRepository {
  constructor(private readonly em: EntityManager) {}

  async create(incident: Incident): Promise<void> {
    await this.em.insert(IncidentRow, {
      ticketNo: incident.ticketNo,
      community: incident.community,
      dutyRoomId: incident.dutyRoomId,
      scope: clip(incident.scope, 64),
      problems: incident.problems.join(','),
      text: clip(incident.text, MAX_TEXT),
      status: incident.status,
      createdAt: incident.createdAt,
      liftedAt: incident.liftedAt,
    });
  }

  async get(ticketNo: number): Promise<Incident | null> {
    const row = await this.em.findOneBy(IncidentRow, { ticketNo });
    return row ? toIncident(row) : null;
  }

  async active(community: string): Promise<Incident[]> {
    const rows = await this.em.find(IncidentRow, { where: { community, status: 'active' }, order: { createdAt: 'DESC', ticketNo: 'DESC' } });
    return rows.map(toIncident);
  }

  async lift(ticketNo: number, at: Date): Promise<boolean> {
    const result = await this.em
      .createQueryBuilder()
      .update(IncidentRow)
      .set({ status: 'lifted', liftedAt: at })
      .where('ticket_no = :ticketNo AND status = :active', { ticketNo, active: 'active' })
      .execute();
    return (result.affected ?? 0) === 1;
  }
}

function toIncident(row: IncidentRow): Incident {
  return {
    ticketNo: row.ticketNo,
    community: row.community,
    dutyRoomId: row.dutyRoomId,
    scope: row.scope,
    problems: row.problems.split(',').filter((k): k is ProblemKind => (PROBLEM_KINDS as readonly string[]).includes(k)),
    text: row.text,
    status: row.status === 'lifted' ? 'lifted' : 'active',
    createdAt: row.createdAt,
    liftedAt: row.liftedAt,
  };
}
