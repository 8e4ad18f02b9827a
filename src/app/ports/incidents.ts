// Known incidents (公告): which notices are active where.
import type { Incident } from '../../domain/incident.js';

export interface IncidentRepository {
  /** Records a notice; its ticket must exist. */
  create(incident: Incident): Promise<void>;
  get(ticketNo: number): Promise<Incident | null>;
  /** Active notices of a community, newest first. */
  active(community: string): Promise<Incident[]>;
  /** Ends a notice; false if it was not active. */
  lift(ticketNo: number, at: Date): Promise<boolean>;
}
