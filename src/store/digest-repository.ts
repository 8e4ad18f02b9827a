import type { EntityManager } from 'typeorm';
import type { DigestRepository } from '../app/ports/jobs.js';
import type { DigestKind } from '../domain/digest-model.js';
import { clip, MAX_TEXT } from './clip.js';
import { isDuplicateKeyError } from './db-errors.js';
import { DigestRunRow } from './entities/digest-run-row.js';

export class TypeormDigestRepository implements DigestRepository {
  constructor(private readonly em: EntityManager) {}

  async record(run: { kind: DigestKind; period: string; roomId: string; text: string; at: Date }): Promise<boolean> {
    try {
      await this.em.insert(DigestRunRow, { kind: run.kind, period: run.period, roomId: run.roomId, text: clip(run.text, MAX_TEXT), sentAt: run.at });
      return true;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }

  has(kind: DigestKind, period: string): Promise<boolean> {
    return this.em.existsBy(DigestRunRow, { kind, period });
  }
}
