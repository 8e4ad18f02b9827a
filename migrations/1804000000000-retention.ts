// Retention (PIPL minimisation, src/app/retention.ts): when a ended ticket's personal data was
// masked, and the indexes that keep the daily clean-up's lookups short at any table size.
import type { MigrationInterface, QueryRunner } from 'typeorm';

const INDEXES: Array<[name: string, table: string, columns: string[]]> = [
  ['IDX_tickets_redacted_at_updated_at', 'tickets', ['redacted_at', 'updated_at']],
  ['IDX_inbound_messages_ticket_no_processed_at', 'inbound_messages', ['ticket_no', 'processed_at']],
  ['IDX_ticket_messages_message_id', 'ticket_messages', ['message_id']],
  ['IDX_ticket_attachments_created_at', 'ticket_attachments', ['created_at']],
];

export class Retention1804000000000 implements MigrationInterface {
  name = 'Retention1804000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const q = quote(queryRunner);
    await queryRunner.query(`ALTER TABLE ${q('tickets')} ADD ${q('redacted_at')} datetime(3) NULL`);
    for (const [name, table, columns] of INDEXES) {
      await queryRunner.query(`CREATE INDEX ${q(name)} ON ${q(table)} (${columns.map(q).join(', ')})`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const q = quote(queryRunner);
    const sqlite = q('x') === '"x"';
    for (const [name, table] of [...INDEXES].reverse()) {
      await queryRunner.query(sqlite ? `DROP INDEX ${q(name)}` : `DROP INDEX ${q(name)} ON ${q(table)}`);
    }
    await queryRunner.query(`ALTER TABLE ${q('tickets')} DROP COLUMN ${q('redacted_at')}`);
  }
}

function quote(queryRunner: QueryRunner): (name: string) => string {
  const type = queryRunner.connection.driver.options.type;
  if (type === 'better-sqlite3') return (name) => `"${name}"`;
  if (type === 'mysql' || type === 'mariadb') return (name) => `\`${name}\``;
  throw new Error(`migration Retention1804000000000 supports SQLite, MySQL and MariaDB, not ${type}`);
}
