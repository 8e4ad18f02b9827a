// Environment of the world server (`npm run world`), validated once like the bot's.
import { z } from 'zod';
import { ConfigError } from './env.js';
import { MAX_WORLD_ACCOUNTS } from '../chat/world/world-placement.js';

const port = z.coerce.number().int().min(1).max(65535);

const worldEnvSchema = z.object({
  /** gRPC port of the first bot account; account n is served on WORLD_GRPC_PORT + n − 1. */
  WORLD_GRPC_PORT: port.default(8788),
  /** HTTP port of the sandbox routes (rooms, people, messages, private chats). */
  WORLD_HTTP_PORT: port.default(8081),
  /** The token puppet-service clients must present; keep the `insecure_` prefix (it is the TLS server name). */
  WORLD_TOKEN: z.string().regex(/^[A-Za-z0-9]+_[A-Za-z0-9_-]+$/, 'a prefix, "_" and a secret, e.g. insecure_linli_world').default('insecure_linli_world'),
  /** How many bot accounts the world serves (1 or 2). */
  WORLD_ACCOUNTS: z.coerce.number().int().min(1).max(MAX_WORLD_ACCOUNTS).default(1),
  /** Interface both servers bind to. */
  WORLD_HOST: z.string().min(1).default('127.0.0.1'),
  /** auto: an account logs in as soon as a bot connects; scan: it shows a QR code and waits for POST /api/world/accounts/:id/scan. */
  WORLD_LOGIN: z.enum(['auto', 'scan'], 'auto or scan').default('auto'),
  SANDBOX_FILE: z.string().default('config/sandbox.yaml'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** Every variable the world server reads. */
export const WORLD_ENV_VARIABLES = Object.keys(worldEnvSchema.shape);

export type WorldEnv = z.infer<typeof worldEnvSchema>;

export function loadWorldEnv(env: NodeJS.ProcessEnv = process.env): WorldEnv {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = worldEnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid environment for the world server (see .env.example):\n${lines.join('\n')}`);
  }
  return parsed.data;
}
