// Migrations run by one process at a time (GET_LOCK on MariaDB, SQLite's write lock): instances
// migrating one fresh database together apply each migration once — the others wait instead of
// failing half-way. And `npm run migration:run` as an operator runs it: it reads .env from the
// working directory like the bot.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createDataSource, MIGRATIONS, runMigrations } from '../../src/store/data-source.js';
import { createTestMariaDb, skipMariaDb, withDataSource, type TestDatabase } from '../support/databases.js';

const SCRIPT = path.resolve('scripts/migrate.ts');
const TSX = pathToFileURL(path.resolve('node_modules/tsx/dist/loader.mjs')).href;

interface Run {
  code: number | null;
  output: string;
}

/** `npm run migration:run` in `cwd`, with nothing in the environment but what .env there says. */
function migrationRun(cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    // tsx finds tsconfig.json (decorators) from the working directory; point it at the repository's.
    const env = { PATH: process.env.PATH, TSX_TSCONFIG_PATH: path.resolve('tsconfig.json') };
    const child = spawn(process.execPath, ['--import', TSX, SCRIPT], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

async function appliedMigrations(url: string): Promise<string[]> {
  return withDataSource(url, async (ds) => ((await ds.query('SELECT name FROM migrations ORDER BY id')) as Array<{ name: string }>).map((r) => r.name));
}

const backends = [
  ...(skipMariaDb ? [] : [{ name: 'mariadb', database: async () => createTestMariaDb() }]),
  {
    name: 'sqlite',
    database: async (dir: string): Promise<TestDatabase> => ({ url: `sqlite:${path.join(dir, 'data', 'linli.db')}`, drop: async () => {} }),
  },
];

describe.each(backends)('migration:run on $name', ({ database }) => {
  const dirs: string[] = [];
  const drops: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const drop of drops) await drop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('reads .env, and two runs started together apply every migration exactly once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'linli-migrate-'));
    dirs.push(dir);
    const db = await database(dir);
    drops.push(db.drop);
    // A relative SQLite path in .env is relative to the directory the command runs in, as for the bot.
    const url = db.url.startsWith('sqlite:') ? 'sqlite:data/linli.db' : db.url;
    writeFileSync(path.join(dir, '.env'), `# the bot's settings\nDATABASE_URL=${url}\n`);

    const runs = await Promise.all([migrationRun(dir), migrationRun(dir)]);
    for (const run of runs) {
      expect(run.code, run.output).toBe(0);
      expect(run.output).toContain(`Database: ${url}`);
    }
    const names = MIGRATIONS.map((m) => m.name);
    // Each migration is reported by exactly one of the two runs.
    for (const name of names) expect(runs.filter((r) => r.output.includes(`Ran ${name}`))).toHaveLength(1);
    expect(await appliedMigrations(db.url)).toEqual(names);

    const again = await migrationRun(dir);
    expect(again.code, again.output).toBe(0);
    expect(again.output).toContain('Up to date: no pending migrations.');
  });

  it('three instances migrating one fresh database at the same moment: one migrates, the others wait', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'linli-migrate-'));
    dirs.push(dir);
    const db = await database(dir);
    drops.push(db.drop);
    const sources = [0, 1, 2].map(() => createDataSource(db.url));
    await Promise.all(sources.map((ds) => ds.initialize()));
    let waited = 0;
    try {
      const ran = await Promise.all(sources.map((ds) => runMigrations(ds, { onWait: () => waited++ })));
      const names = MIGRATIONS.map((m) => m.name);
      expect(ran.flat().map((m) => m.name).sort()).toEqual([...names].sort());
      expect(ran.filter((r) => r.length > 0)).toHaveLength(1);
      expect(waited).toBe(2);
      expect(await appliedMigrations(db.url)).toEqual(names);
    } finally {
      await Promise.all(sources.map((ds) => ds.destroy()));
    }
  });
});
