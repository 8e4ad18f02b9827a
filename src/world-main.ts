// Process entry of the world server (`npm run world`): the simulated district of
// config/sandbox.yaml, served over the puppet-service gRPC protocol for a bot in production mode.
import { existsSync } from 'node:fs';
import { ConfigError } from './config/env.js';
import { loadWorldEnv } from './config/world-env.js';
import { loadSandboxConfig } from './config/load-config.js';
import { createLogger } from './config/logger.js';
import { startWorldServer } from './chat/world/world-server.js';

if (existsSync('.env')) process.loadEnvFile('.env');

try {
  const env = loadWorldEnv(process.env);
  const log = createLogger({ level: env.LOG_LEVEL, pretty: false });
  const config = loadSandboxConfig(env.SANDBOX_FILE);
  const server = await startWorldServer({
    config,
    host: env.WORLD_HOST,
    grpcPort: env.WORLD_GRPC_PORT,
    httpPort: env.WORLD_HTTP_PORT,
    token: env.WORLD_TOKEN,
    accounts: env.WORLD_ACCOUNTS,
    login: env.WORLD_LOGIN,
    log,
  });
  log.info(
    { http: server.httpUrl, grpc: server.endpoints, accounts: server.world.accounts.map((a) => a.id) },
    `world is up: run the bot with WECHATY_PUPPET=wechaty-puppet-service WECHATY_PUPPET_SERVICE_ENDPOINT=${server.endpoints[0]} ` +
      `WECHATY_PUPPET_SERVICE_TOKEN=<WORLD_TOKEN> WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT=true LINLI_CONFIG=config/staging.yaml`,
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'world stopping');
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
} catch (err) {
  console.error(err instanceof ConfigError ? `\nThe world cannot start: ${err.message}\n` : `The world failed to start: ${(err as Error).message}`);
  process.exit(1);
}
