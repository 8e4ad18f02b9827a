// The SLA ladder's notices, job leases, the digests that went out, and indexes for the digest's
// aggregates (events by type over a period, open tickets by community × category). Same
// conventions as the initial migration.
import type { MigrationInterface, QueryRunner } from 'typeorm';

const MYSQL_TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin';

const mysqlUp = [
  `CREATE TABLE \`ticket_sla_steps\` (
    \`id\` int NOT NULL AUTO_INCREMENT,
    \`ticket_no\` int NOT NULL,
    \`step\` varchar(32) NOT NULL,
    \`deadline_at\` datetime(3) NOT NULL,
    \`at\` datetime(3) NOT NULL,
    PRIMARY KEY (\`id\`),
    UNIQUE INDEX \`UQ_ticket_sla_steps_ticket_no_step_deadline_at\` (\`ticket_no\`, \`step\`, \`deadline_at\`)
  ) ${MYSQL_TABLE_OPTIONS}`,
  `CREATE TABLE \`job_locks\` (
    \`name\` varchar(191) NOT NULL,
    \`holder\` varchar(128) NOT NULL,
    \`acquired_at\` datetime(3) NOT NULL,
    \`expires_at\` datetime(3) NOT NULL,
    PRIMARY KEY (\`name\`)
  ) ${MYSQL_TABLE_OPTIONS}`,
  `CREATE TABLE \`digest_runs\` (
    \`id\` int NOT NULL AUTO_INCREMENT,
    \`kind\` varchar(32) NOT NULL,
    \`period\` varchar(32) NOT NULL,
    \`room_id\` varchar(128) NOT NULL,
    \`text\` text NOT NULL,
    \`sent_at\` datetime(3) NOT NULL,
    PRIMARY KEY (\`id\`),
    UNIQUE INDEX \`UQ_digest_runs_kind_period\` (\`kind\`, \`period\`)
  ) ${MYSQL_TABLE_OPTIONS}`,
  'CREATE INDEX `IDX_ticket_events_type_at` ON `ticket_events` (`type`, `at`)',
  'CREATE INDEX `IDX_tickets_status_community_category` ON `tickets` (`status`, `community`, `category`, `claim_due_at`, `due_at`)',
];

const sqliteUp = [
  `CREATE TABLE "ticket_sla_steps" (
    "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
    "ticket_no" integer NOT NULL,
    "step" varchar(32) NOT NULL,
    "deadline_at" datetime(3) NOT NULL,
    "at" datetime(3) NOT NULL
  )`,
  `CREATE UNIQUE INDEX "UQ_ticket_sla_steps_ticket_no_step_deadline_at" ON "ticket_sla_steps" ("ticket_no", "step", "deadline_at")`,
  `CREATE TABLE "job_locks" (
    "name" varchar(191) PRIMARY KEY NOT NULL,
    "holder" varchar(128) NOT NULL,
    "acquired_at" datetime(3) NOT NULL,
    "expires_at" datetime(3) NOT NULL
  )`,
  `CREATE TABLE "digest_runs" (
    "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
    "kind" varchar(32) NOT NULL,
    "period" varchar(32) NOT NULL,
    "room_id" varchar(128) NOT NULL,
    "text" text NOT NULL,
    "sent_at" datetime(3) NOT NULL
  )`,
  `CREATE UNIQUE INDEX "UQ_digest_runs_kind_period" ON "digest_runs" ("kind", "period")`,
  `CREATE INDEX "IDX_ticket_events_type_at" ON "ticket_events" ("type", "at")`,
  `CREATE INDEX "IDX_tickets_status_community_category" ON "tickets" ("status", "community", "category", "claim_due_at", "due_at")`,
];

export class SlaJobs1798000000000 implements MigrationInterface {
  name = 'SlaJobs1798000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of isSqlite(queryRunner) ? sqliteUp : mysqlUp) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (isSqlite(queryRunner)) {
      await queryRunner.query(`DROP INDEX "IDX_ticket_events_type_at"`);
      await queryRunner.query(`DROP INDEX "IDX_tickets_status_community_category"`);
      for (const table of ['digest_runs', 'job_locks', 'ticket_sla_steps']) await queryRunner.query(`DROP TABLE "${table}"`);
      return;
    }
    await queryRunner.query('DROP INDEX `IDX_ticket_events_type_at` ON `ticket_events`');
    await queryRunner.query('DROP INDEX `IDX_tickets_status_community_category` ON `tickets`');
    for (const table of ['digest_runs', 'job_locks', 'ticket_sla_steps']) await queryRunner.query(`DROP TABLE \`${table}\``);
  }
}

function isSqlite(queryRunner: QueryRunner): boolean {
  const type = queryRunner.connection.driver.options.type;
  if (type === 'better-sqlite3' || type === 'mysql' || type === 'mariadb') return type === 'better-sqlite3';
  throw new Error(`migration SlaJobs1798000000000 supports SQLite, MySQL and MariaDB, not ${type}`);
}
