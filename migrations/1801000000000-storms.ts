// Storms (issue 13): priority lanes and coalescing in the outbox, and known incidents (公告).
// - outbox.lane: 0 urgent, 1 acknowledgements and cards, 2 relays and reminders, 3 digests; the
//   sender goes by lane, then by age. Existing rows are acknowledgements (1).
// - outbox.ticket_no: a message about a ticket never overtakes an older one about the same ticket.
// - outbox.coalesce_key / line: messages to one room with the same key may go out as one message,
//   each contributing its line; outbox.sent_in: the row whose send covered this one (a batch is
//   recorded before it is sent, so a crash neither sends a row twice nor loses one).
// - incidents: a notice posted with 公告, its scope and problem, until 解除.
// Same conventions as the initial migration.
import type { MigrationInterface, QueryRunner } from 'typeorm';

const mysqlUp = [
  'ALTER TABLE `outbox` ADD COLUMN `lane` int NOT NULL DEFAULT 1',
  'ALTER TABLE `outbox` ADD COLUMN `ticket_no` int NULL',
  'ALTER TABLE `outbox` ADD COLUMN `coalesce_key` varchar(191) NULL',
  'ALTER TABLE `outbox` ADD COLUMN `line` text NULL',
  'ALTER TABLE `outbox` ADD COLUMN `sent_in` int NULL',
  'CREATE INDEX `IDX_outbox_room_id_coalesce_key` ON `outbox` (`room_id`, `coalesce_key`)',
  'CREATE INDEX `IDX_outbox_sent_in` ON `outbox` (`sent_in`)',
  `CREATE TABLE \`incidents\` (
    \`ticket_no\` int NOT NULL,
    \`community\` varchar(64) NOT NULL,
    \`duty_room_id\` varchar(128) NOT NULL,
    \`scope\` varchar(64) NOT NULL,
    \`problems\` varchar(128) NOT NULL,
    \`text\` text NOT NULL,
    \`status\` varchar(32) NOT NULL,
    \`created_at\` datetime(3) NOT NULL,
    \`lifted_at\` datetime(3) NULL,
    PRIMARY KEY (\`ticket_no\`),
    INDEX \`IDX_incidents_community_status\` (\`community\`, \`status\`)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
];

const sqliteUp = [
  'ALTER TABLE "outbox" ADD COLUMN "lane" integer NOT NULL DEFAULT (1)',
  'ALTER TABLE "outbox" ADD COLUMN "ticket_no" integer',
  'ALTER TABLE "outbox" ADD COLUMN "coalesce_key" varchar(191)',
  'ALTER TABLE "outbox" ADD COLUMN "line" text',
  'ALTER TABLE "outbox" ADD COLUMN "sent_in" integer',
  'CREATE INDEX "IDX_outbox_room_id_coalesce_key" ON "outbox" ("room_id", "coalesce_key")',
  'CREATE INDEX "IDX_outbox_sent_in" ON "outbox" ("sent_in")',
  `CREATE TABLE "incidents" (
    "ticket_no" integer PRIMARY KEY NOT NULL,
    "community" varchar(64) NOT NULL,
    "duty_room_id" varchar(128) NOT NULL,
    "scope" varchar(64) NOT NULL,
    "problems" varchar(128) NOT NULL,
    "text" text NOT NULL,
    "status" varchar(32) NOT NULL,
    "created_at" datetime(3) NOT NULL,
    "lifted_at" datetime(3)
  )`,
  'CREATE INDEX "IDX_incidents_community_status" ON "incidents" ("community", "status")',
];

export class Storms1801000000000 implements MigrationInterface {
  name = 'Storms1801000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of isSqlite(queryRunner) ? sqliteUp : mysqlUp) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (isSqlite(queryRunner)) {
      await queryRunner.query('DROP TABLE "incidents"');
      await queryRunner.query('DROP INDEX "IDX_outbox_sent_in"');
      await queryRunner.query('DROP INDEX "IDX_outbox_room_id_coalesce_key"');
      // SQLite 3.35+ drops columns one at a time.
      for (const column of ['sent_in', 'line', 'coalesce_key', 'ticket_no', 'lane']) await queryRunner.query(`ALTER TABLE "outbox" DROP COLUMN "${column}"`);
      return;
    }
    await queryRunner.query('DROP TABLE `incidents`');
    await queryRunner.query('DROP INDEX `IDX_outbox_sent_in` ON `outbox`');
    await queryRunner.query('DROP INDEX `IDX_outbox_room_id_coalesce_key` ON `outbox`');
    await queryRunner.query('ALTER TABLE `outbox` DROP COLUMN `sent_in`, DROP COLUMN `line`, DROP COLUMN `coalesce_key`, DROP COLUMN `ticket_no`, DROP COLUMN `lane`');
  }
}

function isSqlite(queryRunner: QueryRunner): boolean {
  const type = queryRunner.connection.driver.options.type;
  if (type === 'better-sqlite3' || type === 'mysql' || type === 'mariadb') return type === 'better-sqlite3';
  throw new Error(`migration Storms1801000000000 supports SQLite, MySQL and MariaDB, not ${type}`);
}
