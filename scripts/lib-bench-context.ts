// The app as the bench drives it: the district of config/linli.yaml on a bench database, at a
// fixed instant, with nothing that classifies or chats.
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { createAppContext, type AppContext } from '../src/app/app-context.js';
import { Directory } from '../src/app/directory.js';
import { texts } from '../src/app/texts.js';
import { loadConfig } from '../src/config/load-config.js';
import { createTypeormStore } from '../src/store/typeorm-store.js';

export function benchContext(ds: DataSource, now: Date, log = pino({ level: 'silent' })): AppContext {
  const { config } = loadConfig({ configFile: 'config/linli.yaml' });
  const directory = new Directory(config.district, 'bench-bot');
  const categoryOf = (code: string) => config.categories.find((c) => c.code === code);
  return createAppContext({
    config,
    store: createTypeormStore(ds),
    clock: { now: () => now },
    directory,
    classifier: undefined as unknown as AppContext['classifier'],
    texts: texts({
      timezone: config.timezone,
      categoryName: (code) => categoryOf(code)?.name ?? code,
      departmentOf: (code) => categoryOf(code)?.department ?? '社区综合',
    }),
    log,
    bursts: undefined as unknown as AppContext['bursts'],
    afterCommit: () => {},
  });
}
