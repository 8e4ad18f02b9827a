// npm run migration:generate -- <Name>
// Brings DATABASE_URL up to date, diffs it against the entities, and writes the difference as a
// new migration in migrations/. The output is a draft in ONE database's dialect: review it, make it
// run on SQLite, MariaDB and MySQL 8 (branch on queryRunner.connection.driver.options.type, as
// migrations/1795392000000-initial.ts does), name any index it names automatically, add the class to
// MIGRATIONS in src/store/data-source.ts, and check test/integration/store.test.ts stays green.
// Generating once against SQLite and once against MariaDB gives both dialects to merge.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Query } from 'typeorm/driver/Query.js';
import { loadEnv } from '../src/config/env.js';
import { createDataSource, redactUrl, runMigrations } from '../src/store/data-source.js';

async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !/^[A-Z][A-Za-z0-9]*$/.test(name)) {
    throw new Error('give the migration a PascalCase name: npm run migration:generate -- AddTicketTags');
  }
  const env = loadEnv(process.env, { bot: false });
  const ds = createDataSource(env.DATABASE_URL);
  console.log(`Database: ${redactUrl(env.DATABASE_URL)}`);
  try {
    await ds.initialize();
    for (const migration of await runMigrations(ds)) console.log(`Ran pending ${migration.name}`);
    const { upQueries, downQueries } = await ds.driver.createSchemaBuilder().log();
    if (upQueries.length === 0) {
      console.log('No changes: the schema matches the entities.');
      return;
    }
    const timestamp = Date.now();
    const className = `${name}${timestamp}`;
    const file = path.resolve('migrations', `${timestamp}-${kebab(name)}.ts`);
    writeFileSync(file, render(className, String(ds.options.type), upQueries, [...downQueries].reverse()));
    console.log(`Wrote ${path.relative(process.cwd(), file)} (${upQueries.length} statements).`);
    console.log('It is a draft for one database: review it, make it cross-database, and add it to MIGRATIONS.');
  } finally {
    if (ds.isInitialized) await ds.destroy();
  }
}

function render(className: string, dialect: string, up: Query[], down: Query[]): string {
  const lines = (queries: Query[]) =>
    queries
      .map((q) => {
        const params = q.parameters?.length ? `, ${JSON.stringify(q.parameters)}` : '';
        return `    await queryRunner.query(${JSON.stringify(q.query)}${params});`;
      })
      .join('\n');
  return `// GENERATED against ${dialect} by scripts/generate-migration.ts — REVIEW BEFORE USE.
// Make it run on SQLite, MariaDB and MySQL 8 (branch on queryRunner.connection.driver.options.type),
// give every index an explicit name, and add ${className} to MIGRATIONS in src/store/data-source.ts.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${lines(up)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${lines(down)}
  }
}
`;
}

function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

main().catch((err: unknown) => {
  console.error(`Migration generation failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
