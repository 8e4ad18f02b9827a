// What the intake and storm benchmarks share: a district of many resident groups, the app wired as
// the composition root wires it (the real classifier — rules and the local model, no LLM — the
// real store, the real router), and throwaway databases.
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import mysql from 'mysql2/promise';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { createAppContext, type AppContext } from '../src/app/app-context.js';
import { BurstMemory } from '../src/app/burst-memory.js';
import { Directory } from '../src/app/directory.js';
import { seedIdentityFromConfig } from '../src/app/identity-seed.js';
import { texts } from '../src/app/texts.js';
import type { Clock } from '../src/app/ports/clock.js';
import type { Store } from '../src/app/ports/store.js';
import { createClassifier } from '../src/classify/create-classifier.js';
import { loadEnv } from '../src/config/env.js';
import { loadConfig } from '../src/config/load-config.js';
import type { District, LinliConfig } from '../src/config/linli-config.js';
import { createDataSource, runMigrations } from '../src/store/data-source.js';

export interface BenchRoom {
  id: string;
  community: string;
  residents: string[];
}

export interface BenchWorld {
  district: District;
  rooms: BenchRoom[];
  dutyRooms: string[];
  leadersRoomId: string;
}

/** `communities` × `groupsPerCommunity` resident groups of `residentsPerGroup` residents, a duty group each, one leaders group. */
export function benchWorld(opts: { communities: number; groupsPerCommunity: number; residentsPerGroup: number }): BenchWorld {
  const rooms: BenchRoom[] = [];
  const communities: District['communities'] = [];
  const dutyRooms: string[] = [];
  for (let c = 1; c <= opts.communities; c++) {
    const id = `c${c}`;
    const groups = [];
    for (let g = 1; g <= opts.groupsPerCommunity; g++) {
      const roomId = `${id}-g${g}@chatroom`;
      groups.push({ id: roomId, topic: `邻里${rooms.length + 1}群` });
      rooms.push({ id: roomId, community: id, residents: Array.from({ length: opts.residentsPerGroup }, (_, r) => `${id}-g${g}-r${r + 1}`) });
    }
    dutyRooms.push(`${id}-duty@chatroom`);
    communities.push({ id, name: `小区${c}`, residentGroups: groups, dutyGroup: { id: `${id}-duty@chatroom`, topic: `值班${c}群` } });
  }
  const district: District = {
    name: '压测街道',
    communities,
    leadersGroup: { id: 'leaders@chatroom', topic: '领导群' },
    // One 网格员 per community (`c<N>-staff`), bound by id like everyone else: they post notices.
    staff: communities.map((c, i) => ({ id: `${c.id}-staff`, name: `网格员${i + 1}`, role: 'staff' as const, communities: [c.id] })),
  };
  return { district, rooms, dutyRooms, leadersRoomId: 'leaders@chatroom' };
}

/** The app as src/linli.ts builds it, on `store`, with the production config and `world`'s district bound by id. */
export async function benchApp(
  store: Store,
  clock: Clock,
  world: BenchWorld,
  opts: { afterCommit?: () => void; configure?: (c: LinliConfig) => void } = {},
): Promise<AppContext> {
  const { config } = loadConfig({ configFile: 'config/linli.yaml' });
  config.district = world.district;
  opts.configure?.(config);
  const directory = new Directory(config.district, 'bench-bot');
  const categoryOf = (code: string) => config.categories.find((c) => c.code === code);
  const log = pino({ level: process.env.LOG_LEVEL ?? 'silent' });
  const app = createAppContext({
    config,
    store,
    clock,
    log,
    directory,
    classifier: createClassifier({ config, env: { ...loadEnv({}), llmMode: 'off' }, clock, log }),
    texts: texts({
      timezone: config.timezone,
      categoryName: (code) => categoryOf(code)?.name ?? code,
      departmentOf: (code) => categoryOf(code)?.department ?? '社区综合',
    }),
    bursts: new BurstMemory(config.conversation.burstWindowSeconds * 2000),
    afterCommit: opts.afterCommit ?? (() => {}),
  });
  // The groups are bound as config/linli.yaml binds them: by id, in the database.
  await seedIdentityFromConfig(app);
  await directory.refresh(store.identity, true);
  return app;
}

export interface BenchDatabase {
  kind: 'mariadb' | 'sqlite';
  url: string;
  /** Connection options for a raw mysql2 pool on the same database (MariaDB only). */
  mysql?: mysql.PoolOptions;
  /** The SQLite file (SQLite only). */
  file?: string;
  drop(): Promise<void>;
}

const MARIADB_SERVER = process.env.LINLI_BENCH_MARIADB_URL ?? 'mariadb://root@127.0.0.1:3306';

/** A fresh, migrated database: `linli_bench_<label>_<pid>` on MariaDB, or a temp SQLite file. */
export async function benchDatabase(kind: 'mariadb' | 'sqlite', label: string): Promise<BenchDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'linli-bench-'));
    const file = path.join(dir, 'linli.db');
    const url = `sqlite:${file}`;
    await migrate(url);
    return { kind, url, file, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const server = new URL(MARIADB_SERVER);
  const name = `linli_bench_${label}_${process.pid}`;
  const connection = {
    host: server.hostname,
    port: Number(server.port || 3306),
    user: decodeURIComponent(server.username || 'root'),
    password: decodeURIComponent(server.password),
  };
  const admin = await mysql.createConnection(connection);
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  await admin.end();
  const url = new URL(MARIADB_SERVER);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  return {
    kind,
    url: url.toString(),
    mysql: { ...connection, database: name, timezone: 'Z', charset: 'utf8mb4' },
    async drop() {
      const c = await mysql.createConnection(connection);
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}

async function migrate(url: string): Promise<void> {
  const ds: DataSource = createDataSource(url);
  await ds.initialize();
  try {
    await runMigrations(ds);
  } finally {
    await ds.destroy();
  }
}

/** Value at quantile q (0..1) of `xs`. */
export function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
