// The initial schema, written by hand from `createSchemaBuilder().log()` on SQLite and MariaDB
// and reviewed: test/integration/schema.test.ts fails if it drifts from the entities.
//
// - MySQL 8 and MariaDB share one dialect. `json` is native JSON on MySQL 8 and LONGTEXT with a
//   json_valid() check on MariaDB; TypeORM's `mariadb` driver treats both as json.
// - Tables are utf8mb4 with the binary collation: emoji fit, ids compare case-sensitively, and
//   comparisons and ordering match SQLite's default BINARY collation.
// - SQLite has no DATETIME type: `datetime(3)` only records the precision TypeORM compares; values
//   are UTC text 'YYYY-MM-DD HH:MM:SS.SSS', which sorts and compares correctly as text.
import type { MigrationInterface, QueryRunner } from 'typeorm';

const MYSQL_TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin';

const mysqlUp = [
  `CREATE TABLE \`tickets\` (
    \`no\` int NOT NULL AUTO_INCREMENT,
    \`status\` varchar(32) NOT NULL,
    \`category\` varchar(32) NOT NULL,
    \`urgency\` varchar(32) NOT NULL,
    \`community\` varchar(64) NOT NULL,
    \`group_id\` varchar(128) NOT NULL,
    \`duty_room_id\` varchar(128) NOT NULL,
    \`text\` text NOT NULL,
    \`source\` varchar(32) NOT NULL,
    \`confidence\` double NOT NULL,
    \`created_at\` datetime(3) NOT NULL,
    \`claim_due_at\` datetime(3) NOT NULL,
    \`due_at\` datetime(3) NOT NULL,
    \`claimed_at\` datetime(3) NULL,
    \`resolved_at\` datetime(3) NULL,
    \`closed_at\` datetime(3) NULL,
    \`assignee_id\` varchar(128) NULL,
    \`assignee_name\` varchar(128) NULL,
    \`rating\` varchar(32) NULL,
    \`reopen_count\` int NOT NULL,
    \`merged_into\` int NULL,
    \`version\` int NOT NULL,
    \`updated_at\` datetime(3) NOT NULL,
    PRIMARY KEY (\`no\`),
    INDEX \`IDX_tickets_status_claim_due_at\` (\`status\`, \`claim_due_at\`),
    INDEX \`IDX_tickets_status_due_at\` (\`status\`, \`due_at\`),
    INDEX \`IDX_tickets_community_created_at\` (\`community\`, \`created_at\`),
    INDEX \`IDX_tickets_created_at\` (\`created_at\`)
  ) ${MYSQL_TABLE_OPTIONS}`,
  `CREATE TABLE \`ticket_events\` (
    \`id\` int NOT NULL AUTO_INCREMENT,
    \`ticket_no\` int NOT NULL,
    \`type\` varchar(32) NOT NULL,
    \`actor_id\` varchar(128) NOT NULL,
    \`actor_name\` varchar(128) NOT NULL,
    \`at\` datetime(3) NOT NULL,
    \`note\` text NULL,
    PRIMARY KEY (\`id\`),
    INDEX \`IDX_ticket_events_ticket_no_id\` (\`ticket_no\`, \`id\`)
  ) ${MYSQL_TABLE_OPTIONS}`,
  `CREATE TABLE \`ticket_reporters\` (
    \`id\` int NOT NULL AUTO_INCREMENT,
    \`ticket_no\` int NOT NULL,
    \`person_id\` varchar(128) NOT NULL,
    \`name\` varchar(128) NOT NULL,
    \`room_id\` varchar(128) NOT NULL,
    \`at\` datetime(3) NOT NULL,
    PRIMARY KEY (\`id\`),
    UNIQUE INDEX \`UQ_ticket_reporters_ticket_no_person_id\` (\`ticket_no\`, \`person_id\`),
    INDEX \`IDX_ticket_reporters_person_id\` (\`person_id\`)
  ) ${MYSQL_TABLE_OPTIONS}`,
  `CREATE TABLE \`ticket_messages\` (
    \`ticket_no\` int NOT NULL,
    \`message_id\` varchar(191) NOT NULL,
    PRIMARY KEY (\`ticket_no\`, \`message_id\`)
  ) ${MYSQL_TABLE_OPTIONS}`,
  `CREATE TABLE \`inbound_messages\` (
    \`id\` int NOT NULL AUTO_INCREMENT,
    \`message_id\` varchar(191) NOT NULL,
    \`room_id\` varchar(128) NOT NULL,
    \`sender_id\` varchar(128) NOT NULL,
    \`sender_name\` varchar(128) NOT NULL,
    \`text\` text NOT NULL,
    \`kind\` varchar(32) NOT NULL,
    \`mentions_bot\` tinyint NOT NULL,
    \`mentions\` text NOT NULL,
    \`quoted\` text NULL,
    \`at\` datetime(3) NOT NULL,
    \`received_at\` datetime(3) NOT NULL,
    \`processed_at\` datetime(3) NULL,
    \`outcome\` varchar(64) NULL,
    \`ticket_no\` int NULL,
    PRIMARY KEY (\`id\`),
    UNIQUE INDEX \`UQ_inbound_messages_message_id\` (\`message_id\`),
    INDEX \`IDX_inbound_messages_processed_at\` (\`processed_at\`)
  ) ${MYSQL_TABLE_OPTIONS}`,
  `CREATE TABLE \`outbox\` (
    \`id\` int NOT NULL AUTO_INCREMENT,
    \`room_id\` varchar(128) NOT NULL,
    \`text\` text NOT NULL,
    \`mention_ids\` text NOT NULL,
    \`image_png\` json NULL,
    \`dedupe_key\` varchar(191) NULL,
    \`status\` varchar(32) NOT NULL,
    \`attempts\` int NOT NULL,
    \`created_at\` datetime(3) NOT NULL,
    \`next_attempt_at\` datetime(3) NOT NULL,
    \`sent_at\` datetime(3) NULL,
    \`last_error\` text NULL,
    PRIMARY KEY (\`id\`),
    UNIQUE INDEX \`UQ_outbox_dedupe_key\` (\`dedupe_key\`),
    INDEX \`IDX_outbox_status_next_attempt_at\` (\`status\`, \`next_attempt_at\`)
  ) ${MYSQL_TABLE_OPTIONS}`,
  `CREATE TABLE \`rooms\` (
    \`id\` varchar(128) NOT NULL,
    \`topic\` varchar(255) NOT NULL,
    \`kind\` varchar(32) NOT NULL,
    \`community\` varchar(64) NULL,
    \`updated_at\` datetime(3) NOT NULL,
    PRIMARY KEY (\`id\`)
  ) ${MYSQL_TABLE_OPTIONS}`,
  `CREATE TABLE \`people\` (
    \`id\` varchar(128) NOT NULL,
    \`name\` varchar(128) NOT NULL,
    \`role\` varchar(32) NOT NULL,
    \`updated_at\` datetime(3) NOT NULL,
    PRIMARY KEY (\`id\`)
  ) ${MYSQL_TABLE_OPTIONS}`,
];

// SQLite: AUTOINCREMENT keeps numbers of deleted tickets from being reused; TypeORM also reads it
// from the CREATE TABLE text to know the column is generated.
const sqliteUp = [
  `CREATE TABLE "tickets" (
    "no" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
    "status" varchar(32) NOT NULL,
    "category" varchar(32) NOT NULL,
    "urgency" varchar(32) NOT NULL,
    "community" varchar(64) NOT NULL,
    "group_id" varchar(128) NOT NULL,
    "duty_room_id" varchar(128) NOT NULL,
    "text" text NOT NULL,
    "source" varchar(32) NOT NULL,
    "confidence" double NOT NULL,
    "created_at" datetime(3) NOT NULL,
    "claim_due_at" datetime(3) NOT NULL,
    "due_at" datetime(3) NOT NULL,
    "claimed_at" datetime(3),
    "resolved_at" datetime(3),
    "closed_at" datetime(3),
    "assignee_id" varchar(128),
    "assignee_name" varchar(128),
    "rating" varchar(32),
    "reopen_count" integer NOT NULL,
    "merged_into" integer,
    "version" integer NOT NULL,
    "updated_at" datetime(3) NOT NULL
  )`,
  `CREATE INDEX "IDX_tickets_status_claim_due_at" ON "tickets" ("status", "claim_due_at")`,
  `CREATE INDEX "IDX_tickets_status_due_at" ON "tickets" ("status", "due_at")`,
  `CREATE INDEX "IDX_tickets_community_created_at" ON "tickets" ("community", "created_at")`,
  `CREATE INDEX "IDX_tickets_created_at" ON "tickets" ("created_at")`,
  `CREATE TABLE "ticket_events" (
    "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
    "ticket_no" integer NOT NULL,
    "type" varchar(32) NOT NULL,
    "actor_id" varchar(128) NOT NULL,
    "actor_name" varchar(128) NOT NULL,
    "at" datetime(3) NOT NULL,
    "note" text
  )`,
  `CREATE INDEX "IDX_ticket_events_ticket_no_id" ON "ticket_events" ("ticket_no", "id")`,
  `CREATE TABLE "ticket_reporters" (
    "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
    "ticket_no" integer NOT NULL,
    "person_id" varchar(128) NOT NULL,
    "name" varchar(128) NOT NULL,
    "room_id" varchar(128) NOT NULL,
    "at" datetime(3) NOT NULL
  )`,
  `CREATE UNIQUE INDEX "UQ_ticket_reporters_ticket_no_person_id" ON "ticket_reporters" ("ticket_no", "person_id")`,
  `CREATE INDEX "IDX_ticket_reporters_person_id" ON "ticket_reporters" ("person_id")`,
  `CREATE TABLE "ticket_messages" (
    "ticket_no" integer NOT NULL,
    "message_id" varchar(191) NOT NULL,
    PRIMARY KEY ("ticket_no", "message_id")
  )`,
  `CREATE TABLE "inbound_messages" (
    "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
    "message_id" varchar(191) NOT NULL,
    "room_id" varchar(128) NOT NULL,
    "sender_id" varchar(128) NOT NULL,
    "sender_name" varchar(128) NOT NULL,
    "text" text NOT NULL,
    "kind" varchar(32) NOT NULL,
    "mentions_bot" boolean NOT NULL,
    "mentions" text NOT NULL,
    "quoted" text,
    "at" datetime(3) NOT NULL,
    "received_at" datetime(3) NOT NULL,
    "processed_at" datetime(3),
    "outcome" varchar(64),
    "ticket_no" integer
  )`,
  `CREATE UNIQUE INDEX "UQ_inbound_messages_message_id" ON "inbound_messages" ("message_id")`,
  `CREATE INDEX "IDX_inbound_messages_processed_at" ON "inbound_messages" ("processed_at")`,
  `CREATE TABLE "outbox" (
    "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
    "room_id" varchar(128) NOT NULL,
    "text" text NOT NULL,
    "mention_ids" text NOT NULL,
    "image_png" json,
    "dedupe_key" varchar(191),
    "status" varchar(32) NOT NULL,
    "attempts" integer NOT NULL,
    "created_at" datetime(3) NOT NULL,
    "next_attempt_at" datetime(3) NOT NULL,
    "sent_at" datetime(3),
    "last_error" text
  )`,
  `CREATE UNIQUE INDEX "UQ_outbox_dedupe_key" ON "outbox" ("dedupe_key")`,
  `CREATE INDEX "IDX_outbox_status_next_attempt_at" ON "outbox" ("status", "next_attempt_at")`,
  `CREATE TABLE "rooms" (
    "id" varchar(128) PRIMARY KEY NOT NULL,
    "topic" varchar(255) NOT NULL,
    "kind" varchar(32) NOT NULL,
    "community" varchar(64),
    "updated_at" datetime(3) NOT NULL
  )`,
  `CREATE TABLE "people" (
    "id" varchar(128) PRIMARY KEY NOT NULL,
    "name" varchar(128) NOT NULL,
    "role" varchar(32) NOT NULL,
    "updated_at" datetime(3) NOT NULL
  )`,
];

// Dropping a table drops its indexes on every database.
const TABLES = [
  'people',
  'rooms',
  'outbox',
  'inbound_messages',
  'ticket_messages',
  'ticket_reporters',
  'ticket_events',
  'tickets',
];

export class Initial1795392000000 implements MigrationInterface {
  name = 'Initial1795392000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of isSqlite(queryRunner) ? sqliteUp : mysqlUp) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const q = isSqlite(queryRunner) ? '"' : '`';
    for (const table of TABLES) await queryRunner.query(`DROP TABLE ${q}${table}${q}`);
  }
}

function isSqlite(queryRunner: QueryRunner): boolean {
  const type = queryRunner.connection.driver.options.type;
  if (type === 'better-sqlite3' || type === 'mysql' || type === 'mariadb') return type === 'better-sqlite3';
  throw new Error(`migration Initial1795392000000 supports SQLite, MySQL and MariaDB, not ${type}`);
}
