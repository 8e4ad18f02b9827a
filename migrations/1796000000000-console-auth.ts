// Console sign-in (issue 7): one-time login codes sent by the bot in a private chat, and sessions.
// Written by hand from `createSchemaBuilder().log()` on SQLite and MariaDB, like the initial
// migration; the schema test diffs it against the entities. Codes and cookies are stored hashed.
import type { MigrationInterface, QueryRunner } from 'typeorm';

const MYSQL_TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin';

const mysqlUp = [
  `CREATE TABLE \`console_login_codes\` (
    \`id\` int NOT NULL AUTO_INCREMENT,
    \`code_hash\` varchar(64) NOT NULL,
    \`person_id\` varchar(128) NOT NULL,
    \`person_name\` varchar(128) NOT NULL,
    \`role\` varchar(32) NOT NULL,
    \`communities\` text NULL,
    \`created_at\` datetime(3) NOT NULL,
    \`expires_at\` datetime(3) NOT NULL,
    \`used_at\` datetime(3) NULL,
    PRIMARY KEY (\`id\`),
    INDEX \`IDX_console_login_codes_code_hash\` (\`code_hash\`),
    INDEX \`IDX_console_login_codes_person_id\` (\`person_id\`)
  ) ${MYSQL_TABLE_OPTIONS}`,
  `CREATE TABLE \`console_sessions\` (
    \`id_hash\` varchar(64) NOT NULL,
    \`person_id\` varchar(128) NOT NULL,
    \`person_name\` varchar(128) NOT NULL,
    \`role\` varchar(32) NOT NULL,
    \`communities\` text NULL,
    \`csrf_token\` varchar(64) NOT NULL,
    \`method\` varchar(32) NOT NULL,
    \`ip\` varchar(64) NULL,
    \`user_agent\` varchar(255) NULL,
    \`created_at\` datetime(3) NOT NULL,
    \`expires_at\` datetime(3) NOT NULL,
    \`last_seen_at\` datetime(3) NOT NULL,
    \`revoked_at\` datetime(3) NULL,
    PRIMARY KEY (\`id_hash\`),
    INDEX \`IDX_console_sessions_created_at\` (\`created_at\`)
  ) ${MYSQL_TABLE_OPTIONS}`,
];

const sqliteUp = [
  `CREATE TABLE "console_login_codes" (
    "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
    "code_hash" varchar(64) NOT NULL,
    "person_id" varchar(128) NOT NULL,
    "person_name" varchar(128) NOT NULL,
    "role" varchar(32) NOT NULL,
    "communities" text,
    "created_at" datetime(3) NOT NULL,
    "expires_at" datetime(3) NOT NULL,
    "used_at" datetime(3)
  )`,
  `CREATE INDEX "IDX_console_login_codes_code_hash" ON "console_login_codes" ("code_hash")`,
  `CREATE INDEX "IDX_console_login_codes_person_id" ON "console_login_codes" ("person_id")`,
  `CREATE TABLE "console_sessions" (
    "id_hash" varchar(64) PRIMARY KEY NOT NULL,
    "person_id" varchar(128) NOT NULL,
    "person_name" varchar(128) NOT NULL,
    "role" varchar(32) NOT NULL,
    "communities" text,
    "csrf_token" varchar(64) NOT NULL,
    "method" varchar(32) NOT NULL,
    "ip" varchar(64),
    "user_agent" varchar(255),
    "created_at" datetime(3) NOT NULL,
    "expires_at" datetime(3) NOT NULL,
    "last_seen_at" datetime(3) NOT NULL,
    "revoked_at" datetime(3)
  )`,
  `CREATE INDEX "IDX_console_sessions_created_at" ON "console_sessions" ("created_at")`,
];

const TABLES = ['console_sessions', 'console_login_codes'];

export class ConsoleAuth1796000000000 implements MigrationInterface {
  name = 'ConsoleAuth1796000000000';

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
  throw new Error(`migration ConsoleAuth1796000000000 supports SQLite, MySQL and MariaDB, not ${type}`);
}
