// Outbox items that carry a secret (a console sign-in code, an invitation code) are marked, so that
// their text is blanked once sent or given up: a database dump or backup holds no usable code.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OutboxSecrets1800000000001 implements MigrationInterface {
  name = 'OutboxSecrets1800000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      isSqlite(queryRunner)
        ? 'ALTER TABLE "outbox" ADD COLUMN "secret" boolean NOT NULL DEFAULT (0)'
        : 'ALTER TABLE `outbox` ADD `secret` tinyint NOT NULL DEFAULT 0',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(isSqlite(queryRunner) ? 'ALTER TABLE "outbox" DROP COLUMN "secret"' : 'ALTER TABLE `outbox` DROP COLUMN `secret`');
  }
}

function isSqlite(queryRunner: QueryRunner): boolean {
  const type = queryRunner.connection.driver.options.type;
  if (type === 'better-sqlite3' || type === 'mysql' || type === 'mariadb') return type === 'better-sqlite3';
  throw new Error(`migration OutboxSecrets1800000000001 supports SQLite, MySQL and MariaDB, not ${type}`);
}
