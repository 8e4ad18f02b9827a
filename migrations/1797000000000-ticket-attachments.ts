// Photos attached to tickets (a burst's "[图片]"). Same conventions as the initial migration.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TicketAttachments1797000000000 implements MigrationInterface {
  name = 'TicketAttachments1797000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type === 'better-sqlite3') {
      await queryRunner.query(`CREATE TABLE "ticket_attachments" (
        "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
        "ticket_no" integer NOT NULL,
        "message_id" varchar(191) NOT NULL,
        "mime" varchar(32) NOT NULL,
        "data" json NOT NULL,
        "created_at" datetime(3) NOT NULL
      )`);
      await queryRunner.query(`CREATE INDEX "IDX_ticket_attachments_ticket_no" ON "ticket_attachments" ("ticket_no")`);
      return;
    }
    await queryRunner.query(`CREATE TABLE \`ticket_attachments\` (
      \`id\` int NOT NULL AUTO_INCREMENT,
      \`ticket_no\` int NOT NULL,
      \`message_id\` varchar(191) NOT NULL,
      \`mime\` varchar(32) NOT NULL,
      \`data\` json NOT NULL,
      \`created_at\` datetime(3) NOT NULL,
      PRIMARY KEY (\`id\`),
      INDEX \`IDX_ticket_attachments_ticket_no\` (\`ticket_no\`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const q = queryRunner.connection.driver.options.type === 'better-sqlite3' ? '"' : '`';
    await queryRunner.query(`DROP TABLE ${q}ticket_attachments${q}`);
  }
}
