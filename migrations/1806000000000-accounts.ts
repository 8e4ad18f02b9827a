// Several bot accounts on one database (docs/deployment.md, "Several accounts"): which accounts are
// logged in (a heartbeat), which groups each sits in, the groups no live account is in (announced
// once per loss), the account that should say an outbox item (the one that received the message),
// and the account that received an inbound message (it, not another process, takes it up after a
// restart). Same conventions as the earlier migrations.
import type { MigrationInterface, QueryRunner } from 'typeorm';

const MYSQL_TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin';

const mysqlUp = [
  `CREATE TABLE \`bot_accounts\` (
    \`account_id\` varchar(128) NOT NULL,
    \`name\` varchar(128) NOT NULL,
    \`heartbeat_at\` datetime(3) NULL,
    \`first_seen_at\` datetime(3) NOT NULL,
    PRIMARY KEY (\`account_id\`)
  ) ${MYSQL_TABLE_OPTIONS}`,
  `CREATE TABLE \`room_accounts\` (
    \`id\` int NOT NULL AUTO_INCREMENT,
    \`room_id\` varchar(128) NOT NULL,
    \`account_id\` varchar(128) NOT NULL,
    \`seen_at\` datetime(3) NOT NULL,
    PRIMARY KEY (\`id\`),
    UNIQUE INDEX \`UQ_room_accounts_room_id_account_id\` (\`room_id\`, \`account_id\`),
    INDEX \`IDX_room_accounts_account_id\` (\`account_id\`)
  ) ${MYSQL_TABLE_OPTIONS}`,
  `CREATE TABLE \`orphan_rooms\` (
    \`room_id\` varchar(128) NOT NULL,
    \`since\` datetime(3) NOT NULL,
    PRIMARY KEY (\`room_id\`)
  ) ${MYSQL_TABLE_OPTIONS}`,
  'ALTER TABLE `outbox` ADD `via_account` varchar(128) NULL',
  'ALTER TABLE `inbound_messages` ADD `account_id` varchar(128) NULL',
];

const sqliteUp = [
  `CREATE TABLE "bot_accounts" (
    "account_id" varchar(128) PRIMARY KEY NOT NULL,
    "name" varchar(128) NOT NULL,
    "heartbeat_at" datetime(3),
    "first_seen_at" datetime(3) NOT NULL
  )`,
  `CREATE TABLE "room_accounts" (
    "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
    "room_id" varchar(128) NOT NULL,
    "account_id" varchar(128) NOT NULL,
    "seen_at" datetime(3) NOT NULL
  )`,
  `CREATE UNIQUE INDEX "UQ_room_accounts_room_id_account_id" ON "room_accounts" ("room_id", "account_id")`,
  `CREATE INDEX "IDX_room_accounts_account_id" ON "room_accounts" ("account_id")`,
  `CREATE TABLE "orphan_rooms" (
    "room_id" varchar(128) PRIMARY KEY NOT NULL,
    "since" datetime(3) NOT NULL
  )`,
  'ALTER TABLE "outbox" ADD COLUMN "via_account" varchar(128)',
  'ALTER TABLE "inbound_messages" ADD COLUMN "account_id" varchar(128)',
];

export class Accounts1806000000000 implements MigrationInterface {
  name = 'Accounts1806000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of isSqlite(queryRunner) ? sqliteUp : mysqlUp) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const sqlite = isSqlite(queryRunner);
    const q = (name: string) => (sqlite ? `"${name}"` : `\`${name}\``);
    await queryRunner.query(`ALTER TABLE ${q('inbound_messages')} DROP COLUMN ${q('account_id')}`);
    await queryRunner.query(`ALTER TABLE ${q('outbox')} DROP COLUMN ${q('via_account')}`);
    for (const table of ['orphan_rooms', 'room_accounts', 'bot_accounts']) await queryRunner.query(`DROP TABLE ${q(table)}`);
  }
}

function isSqlite(queryRunner: QueryRunner): boolean {
  const type = queryRunner.connection.driver.options.type;
  if (type === 'better-sqlite3' || type === 'mysql' || type === 'mariadb') return type === 'better-sqlite3';
  throw new Error(`migration Accounts1806000000000 supports SQLite, MySQL and MariaDB, not ${type}`);
}
