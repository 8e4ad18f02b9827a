// Identity (issue 11): people bound by contact id, groups bound by room id, single-use
// invitations, the audit of every change, and the revision counter processes watch to know their
// snapshot is stale. Written by hand from `createSchemaBuilder().log()` on SQLite and MariaDB, like
// the earlier migrations; the schema test diffs it against the entities.
//
// `people` and `rooms` existed as write-only registries (nothing read them; the kind of a room came
// from its topic). They are replaced, not converted: a room's old kind was derived from its name,
// which is exactly what must no longer grant anything, so it is not carried over. After upgrading,
// groups are bound from the config's room ids, with `绑定` in the group, or on the console
// (docs/deployment.md, "Onboarding a district").
import type { MigrationInterface, QueryRunner } from 'typeorm';

const MYSQL_TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin';

const mysqlUp = [
  'DROP TABLE `people`',
  'DROP TABLE `rooms`',
  `CREATE TABLE \`people\` (
    \`id\` varchar(128) NOT NULL,
    \`name\` varchar(128) NOT NULL,
    \`role\` varchar(32) NOT NULL,
    \`communities\` text NULL,
    \`remark\` varchar(64) NULL,
    \`bound_by_id\` varchar(128) NOT NULL,
    \`bound_by_name\` varchar(128) NOT NULL,
    \`bound_at\` datetime(3) NOT NULL,
    \`updated_at\` datetime(3) NOT NULL,
    PRIMARY KEY (\`id\`),
    UNIQUE INDEX \`UQ_people_remark\` (\`remark\`)
  ) ${MYSQL_TABLE_OPTIONS}`,
  `CREATE TABLE \`rooms\` (
    \`id\` varchar(128) NOT NULL,
    \`topic\` varchar(255) NOT NULL,
    \`kind\` varchar(32) NULL,
    \`community\` varchar(64) NULL,
    \`bound_by_id\` varchar(128) NULL,
    \`bound_by_name\` varchar(128) NULL,
    \`bound_at\` datetime(3) NULL,
    \`present_since\` datetime(3) NULL,
    \`updated_at\` datetime(3) NOT NULL,
    PRIMARY KEY (\`id\`),
    INDEX \`IDX_rooms_kind\` (\`kind\`)
  ) ${MYSQL_TABLE_OPTIONS}`,
  `CREATE TABLE \`invitations\` (
    \`id\` int NOT NULL AUTO_INCREMENT,
    \`code_hash\` varchar(64) NOT NULL,
    \`role\` varchar(32) NOT NULL,
    \`communities\` text NULL,
    \`name\` varchar(128) NOT NULL,
    \`invited_by_id\` varchar(128) NOT NULL,
    \`invited_by_name\` varchar(128) NOT NULL,
    \`created_at\` datetime(3) NOT NULL,
    \`expires_at\` datetime(3) NOT NULL,
    \`used_at\` datetime(3) NULL,
    \`used_by\` varchar(128) NULL,
    PRIMARY KEY (\`id\`),
    INDEX \`IDX_invitations_code_hash\` (\`code_hash\`)
  ) ${MYSQL_TABLE_OPTIONS}`,
  `CREATE TABLE \`identity_audit\` (
    \`id\` int NOT NULL AUTO_INCREMENT,
    \`at\` datetime(3) NOT NULL,
    \`actor_id\` varchar(128) NOT NULL,
    \`actor_name\` varchar(128) NOT NULL,
    \`via\` varchar(32) NOT NULL,
    \`action\` varchar(32) NOT NULL,
    \`subject_kind\` varchar(32) NOT NULL,
    \`subject_id\` varchar(128) NOT NULL,
    \`subject_name\` varchar(128) NOT NULL,
    \`detail\` text NULL,
    PRIMARY KEY (\`id\`),
    INDEX \`IDX_identity_audit_at\` (\`at\`),
    INDEX \`IDX_identity_audit_subject\` (\`subject_id\`)
  ) ${MYSQL_TABLE_OPTIONS}`,
  `CREATE TABLE \`identity_revision\` (
    \`id\` int NOT NULL,
    \`revision\` int NOT NULL,
    \`updated_at\` datetime(3) NOT NULL,
    PRIMARY KEY (\`id\`)
  ) ${MYSQL_TABLE_OPTIONS}`,
  "INSERT INTO `identity_revision` (`id`, `revision`, `updated_at`) VALUES (1, 0, '2000-01-01 00:00:00.000')",
  'CREATE INDEX `IDX_console_sessions_person_id` ON `console_sessions` (`person_id`)',
];

const sqliteUp = [
  'DROP TABLE "people"',
  'DROP TABLE "rooms"',
  `CREATE TABLE "people" (
    "id" varchar(128) PRIMARY KEY NOT NULL,
    "name" varchar(128) NOT NULL,
    "role" varchar(32) NOT NULL,
    "communities" text,
    "remark" varchar(64),
    "bound_by_id" varchar(128) NOT NULL,
    "bound_by_name" varchar(128) NOT NULL,
    "bound_at" datetime(3) NOT NULL,
    "updated_at" datetime(3) NOT NULL
  )`,
  `CREATE UNIQUE INDEX "UQ_people_remark" ON "people" ("remark")`,
  `CREATE TABLE "rooms" (
    "id" varchar(128) PRIMARY KEY NOT NULL,
    "topic" varchar(255) NOT NULL,
    "kind" varchar(32),
    "community" varchar(64),
    "bound_by_id" varchar(128),
    "bound_by_name" varchar(128),
    "bound_at" datetime(3),
    "present_since" datetime(3),
    "updated_at" datetime(3) NOT NULL
  )`,
  `CREATE INDEX "IDX_rooms_kind" ON "rooms" ("kind")`,
  `CREATE TABLE "invitations" (
    "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
    "code_hash" varchar(64) NOT NULL,
    "role" varchar(32) NOT NULL,
    "communities" text,
    "name" varchar(128) NOT NULL,
    "invited_by_id" varchar(128) NOT NULL,
    "invited_by_name" varchar(128) NOT NULL,
    "created_at" datetime(3) NOT NULL,
    "expires_at" datetime(3) NOT NULL,
    "used_at" datetime(3),
    "used_by" varchar(128)
  )`,
  `CREATE INDEX "IDX_invitations_code_hash" ON "invitations" ("code_hash")`,
  `CREATE TABLE "identity_audit" (
    "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
    "at" datetime(3) NOT NULL,
    "actor_id" varchar(128) NOT NULL,
    "actor_name" varchar(128) NOT NULL,
    "via" varchar(32) NOT NULL,
    "action" varchar(32) NOT NULL,
    "subject_kind" varchar(32) NOT NULL,
    "subject_id" varchar(128) NOT NULL,
    "subject_name" varchar(128) NOT NULL,
    "detail" text
  )`,
  `CREATE INDEX "IDX_identity_audit_at" ON "identity_audit" ("at")`,
  `CREATE INDEX "IDX_identity_audit_subject" ON "identity_audit" ("subject_id")`,
  `CREATE TABLE "identity_revision" (
    "id" integer PRIMARY KEY NOT NULL,
    "revision" integer NOT NULL,
    "updated_at" datetime(3) NOT NULL
  )`,
  `INSERT INTO "identity_revision" ("id", "revision", "updated_at") VALUES (1, 0, '2000-01-01 00:00:00.000')`,
  `CREATE INDEX "IDX_console_sessions_person_id" ON "console_sessions" ("person_id")`,
];

// The registries as the initial migration made them, for down().
const mysqlDown = [
  'DROP INDEX `IDX_console_sessions_person_id` ON `console_sessions`',
  ...['identity_revision', 'identity_audit', 'invitations', 'rooms', 'people'].map((t) => `DROP TABLE \`${t}\``),
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

const sqliteDown = [
  'DROP INDEX "IDX_console_sessions_person_id"',
  ...['identity_revision', 'identity_audit', 'invitations', 'rooms', 'people'].map((t) => `DROP TABLE "${t}"`),
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

export class Identity1800000000000 implements MigrationInterface {
  name = 'Identity1800000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of isSqlite(queryRunner) ? sqliteUp : mysqlUp) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of isSqlite(queryRunner) ? sqliteDown : mysqlDown) await queryRunner.query(sql);
  }
}

function isSqlite(queryRunner: QueryRunner): boolean {
  const type = queryRunner.connection.driver.options.type;
  if (type === 'better-sqlite3' || type === 'mysql' || type === 'mariadb') return type === 'better-sqlite3';
  throw new Error(`migration Identity1800000000000 supports SQLite, MySQL and MariaDB, not ${type}`);
}
