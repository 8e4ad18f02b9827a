// Environment variables, validated once. Errors name the variable and show an example value.
import { z } from 'zod';

const databaseUrl = z
  .string()
  .regex(/^(sqlite:|mysql:\/\/|mariadb:\/\/)/, 'must start with sqlite:, mysql:// or mariadb:// (e.g. sqlite:data/linli.db)');

const envSchema = z.object({
  DATABASE_URL: databaseUrl.default('sqlite:data/linli.db'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Interface the HTTP server binds to. Sandbox mode always binds 127.0.0.1. */
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** pretty | json; defaults to json in production and pretty in sandbox mode. */
  LOG_FORMAT: z.enum(['pretty', 'json']).optional(),
  /** Also write JSON log lines to this file (in addition to stdout). */
  LOG_FILE: z.string().min(1).optional(),
  /** Unset → sandbox mode. e.g. wechaty-puppet-wechat4u, wechaty-puppet-service */
  WECHATY_PUPPET: z.string().min(1).optional(),
  /** 1: sandbox mode on a MySQL/MariaDB database too (tests); without it the sandbox runs on SQLite only. */
  LINLI_SANDBOX: z.enum(['0', '1'], 'use 1 to allow the sandbox on a MySQL/MariaDB database, or leave it unset').optional(),
  WECHATY_PUPPET_SERVICE_TOKEN: z.string().min(1).optional(),
  /** host:port of the gateway; unset → discovered from the token (WECHATY_PUPPET_SERVICE_AUTHORITY). */
  WECHATY_PUPPET_SERVICE_ENDPOINT: z.string().min(1).optional(),
  /** The discovery service that turns a token into an endpoint. Default: api.chatie.io */
  WECHATY_PUPPET_SERVICE_AUTHORITY: z.string().regex(/^[^/\s]+$/, 'a host or host:port, without https:// (e.g. api.chatie.io)').optional(),
  /** Talk to the gateway without TLS (a gateway on this machine or a private network, such as the world server). */
  WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT: z.enum(['true', 'false'], 'true or false').default('false'),
  /** The gateway's CA certificate (PEM; "\n" for new lines) when it is not signed by the Wechaty CA. */
  WECHATY_PUPPET_SERVICE_TLS_CA_CERT: z.string().min(1).optional(),
  /** TLS server name of the gateway; default: the token's prefix (e.g. puppet_padlocal). */
  WECHATY_PUPPET_SERVICE_TLS_SERVER_NAME: z.string().min(1).optional(),
  /** How many times token discovery is tried (with backoff) before the bot gives up at start. */
  LINLI_DISCOVERY_TRIES: z.coerce.number().int().min(1).max(100).default(5),
  /**
   * Failed starts of the WeChat connection in a row (before the first login) after which the
   * process exits non-zero, so that its supervisor (systemd, Docker) starts a fresh one.
   */
  LINLI_START_TRIES: z.coerce.number().int().min(1).max(1000).default(5),
  /** Several bot accounts on one database: how often this one writes its heartbeat (seconds). */
  LINLI_HEARTBEAT_SECONDS: z.coerce.number().positive().max(300).default(10),
  /** An account whose heartbeat is older than this (seconds) is taken for gone: others serve its groups. */
  LINLI_ACCOUNT_TIMEOUT_SECONDS: z.coerce.number().positive().max(3600).default(45),
  /** Name of the Wechaty memory file (keeps the login across restarts). */
  WECHATY_NAME: z
    .string()
    .regex(/^([A-Za-z0-9_.-]+|\/.*[^/])$/, 'a name of letters, digits, ".", "-" or "_" (e.g. linli: data/linli.memory-card.json), or an absolute path')
    .default('linli'),
  /** The district file (design.md). CONFIG_FILE is its older name and still read. */
  LINLI_CONFIG: z.string().min(1).optional(),
  CONFIG_FILE: z.string().default('config/linli.yaml'),
  SANDBOX_FILE: z.string().default('config/sandbox.yaml'),
  OPENAI_BASE_URL: z.string().url('must be a URL such as https://dashscope.aliyuncs.com/compatible-mode/v1').optional(),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_MODEL: z.string().min(1).optional(),
  LLM_MODE: z.enum(['off', 'cascade', 'always']).optional(),
  LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(8000),
  LLM_DAILY_CALL_BUDGET: z.coerce.number().int().min(0).default(5000),
  LLM_DAILY_TOKEN_BUDGET: z.coerce.number().int().min(0).default(2_000_000),
  /** Bootstrap admin token for the console and for scripts (`Authorization: Bearer …`). */
  CONSOLE_TOKEN: z.string().min(16, 'use at least 16 random characters (e.g. `openssl rand -hex 24`)').optional(),
  /** Where people reach the console (behind the reverse proxy); used in the login link the bot sends. */
  PUBLIC_URL: z.string().url('must be a URL such as https://linli.example.gov.cn').optional(),
});

/** Every variable the bot reads (each is explained in .env.example). */
export const ENV_VARIABLES = Object.keys(envSchema.shape);

export type Env = z.infer<typeof envSchema> & { sandbox: boolean; llmMode: 'off' | 'cascade' | 'always' };

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Empty strings count as unset, so `FOO=` in .env behaves like leaving FOO out. */
export function loadEnv(
  env: NodeJS.ProcessEnv = process.env,
  /** The bot (default) refuses a sandbox on a server database; tools such as migration:run do not start one. */
  options: { bot?: boolean } = {},
): Env {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid environment (see .env.example):\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const llmMode = e.LLM_MODE ?? (e.OPENAI_BASE_URL && e.OPENAI_MODEL ? 'cascade' : 'off');
  if (llmMode !== 'off' && !(e.OPENAI_BASE_URL && e.OPENAI_MODEL)) {
    throw new ConfigError(
      `Invalid environment (see .env.example):\n  LLM_MODE=${llmMode} needs OPENAI_BASE_URL and OPENAI_MODEL (e.g. OPENAI_MODEL=qwen-plus)`,
    );
  }
  if (e.WECHATY_PUPPET === 'wechaty-puppet-service' && !e.WECHATY_PUPPET_SERVICE_TOKEN) {
    throw new ConfigError(
      'Invalid environment (see .env.example):\n  WECHATY_PUPPET_SERVICE_TOKEN: required with wechaty-puppet-service (e.g. puppet_padlocal_xxxx)',
    );
  }
  if (e.LINLI_ACCOUNT_TIMEOUT_SECONDS < 2 * e.LINLI_HEARTBEAT_SECONDS) {
    // One late heartbeat would otherwise count a live account as gone.
    throw new ConfigError(
      `Invalid environment (see .env.example):\n  LINLI_ACCOUNT_TIMEOUT_SECONDS (${e.LINLI_ACCOUNT_TIMEOUT_SECONDS}) must be at least twice LINLI_HEARTBEAT_SECONDS (${e.LINLI_HEARTBEAT_SECONDS}) (e.g. 45 and 10)`,
    );
  }
  const sandbox = !e.WECHATY_PUPPET;
  if ((options.bot ?? true) && sandbox && !e.DATABASE_URL.startsWith('sqlite:') && e.LINLI_SANDBOX !== '1') {
    // The sandbox binds its simulated people and groups by id and opens test routes: never by
    // accident on a district's real database.
    throw new ConfigError(
      'Invalid environment (see .env.example):\n  WECHATY_PUPPET is unset (sandbox mode) but DATABASE_URL is a MySQL/MariaDB database. ' +
        'Set WECHATY_PUPPET (e.g. wechaty-puppet-service) to run for real, use a sqlite: DATABASE_URL for the sandbox, ' +
        'or set LINLI_SANDBOX=1 if you really mean a sandbox on that server (tests do)',
    );
  }
  if (!sandbox && e.LINLI_SANDBOX === '1') {
    throw new ConfigError('Invalid environment (see .env.example):\n  LINLI_SANDBOX=1 is for sandbox mode: unset WECHATY_PUPPET, or unset LINLI_SANDBOX');
  }
  return { ...e, CONFIG_FILE: e.LINLI_CONFIG ?? e.CONFIG_FILE, sandbox, llmMode };
}
