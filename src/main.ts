// Process entry: start Linli, stop cleanly on SIGINT/SIGTERM, explain config errors plainly.
import { existsSync } from 'node:fs';
import { ConfigError } from './config/env.js';
import { startLinli } from './linli.js';

// Production settings live in .env; without one Linli starts in sandbox mode.
if (existsSync('.env')) process.loadEnvFile('.env');

try {
  const linli = await startLinli(process.env);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    linli.log.info({ signal }, 'stopping');
    await linli.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('unhandledRejection', (err) => linli.log.error({ err }, 'unhandled rejection'));
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`\nLinli cannot start: ${err.message}\n`);
  } else {
    console.error('Linli failed to start:', err);
  }
  process.exit(1);
}
