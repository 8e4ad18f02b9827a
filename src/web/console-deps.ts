// What the console's routes share: the app (use-cases, directory, config, clock), sign-in, the
// change feed that drives live updates, and the login rate limiter.
import type { AppContext } from '../app/app-context.js';
import type { ChangeFeed } from './change-feed.js';
import type { LoginRateLimiter } from './login-rate-limiter.js';
import type { SessionAuth } from './session-auth.js';

export interface ConsoleDeps {
  ctx: AppContext;
  auth: SessionAuth;
  changes: ChangeFeed;
  limiter: LoginRateLimiter;
  sandbox: boolean;
  /** A bot account whose heartbeat is older than this is offline (LINLI_ACCOUNT_TIMEOUT_SECONDS). */
  accountTimeoutMs: number;
}
