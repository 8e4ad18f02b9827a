// Wechaty's token discovery: a puppet-service token names its gateway through a discovery
// service (the "authority", api.chatie.io by default) that answers
// `GET https://<authority>/v0/hosties/<token>` with `{"host": "…", "port": n}`, or 404 when it
// does not know the token (the protocol of wechaty-token's WechatyToken.discover()).
import https from 'node:https';

export const DEFAULT_AUTHORITY = 'api.chatie.io';

export interface PuppetServiceAddress {
  host: string;
  port: number;
}

export type DiscoveryFailure = 'unreachable' | 'unknown_token' | 'bad_answer';

export class DiscoveryError extends Error {
  constructor(
    readonly code: DiscoveryFailure,
    message: string,
  ) {
    super(message);
    this.name = 'DiscoveryError';
  }

  /** Worth asking again: the service may come back; an unknown token will not become known. */
  get retryable(): boolean {
    return this.code !== 'unknown_token';
  }
}

export interface DiscoveryOptions {
  authority?: string;
  /** Per request. Default 10 s. */
  timeoutMs?: number;
  /** TLS settings for the request (tests trust a local certificate this way). Default: Node's. */
  agent?: https.Agent;
}

/** Asks the discovery service once where the token's gateway is. */
export function discoverPuppetService(token: string, options: DiscoveryOptions = {}): Promise<PuppetServiceAddress> {
  const authority = options.authority || DEFAULT_AUTHORITY;
  const url = `https://${authority}/v0/hosties/${encodeURIComponent(token)}`;
  return new Promise((resolve, reject) => {
    const req = https.get(url, { timeout: options.timeoutMs ?? 10_000, agent: options.agent }, (res) => {
      const status = res.statusCode ?? 0;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (body.length < 10_000) body += chunk;
      });
      res.on('end', () => {
        if (status >= 400 && status < 500) {
          return reject(new DiscoveryError('unknown_token', `the discovery service at ${authority} does not know this token (HTTP ${status})`));
        }
        if (status < 200 || status >= 300) return reject(new DiscoveryError('unreachable', `the discovery service at ${authority} answered HTTP ${status}`));
        const address = parseAddress(body);
        if (!address) return reject(new DiscoveryError('bad_answer', `the discovery service at ${authority} gave no host and port for this token`));
        resolve(address);
      });
      res.on('error', (err) => reject(new DiscoveryError('unreachable', `cannot read from the discovery service at ${authority} (${err.message})`)));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs ?? 10_000} ms`)));
    req.on('error', (err) => reject(new DiscoveryError('unreachable', `cannot reach the discovery service at ${authority} (${describe(err)})`)));
  });
}

/**
 * Discovery with patience: up to `tries` attempts, waiting 1, 2, 4 … s (at most 30 s) between
 * them while the service cannot be reached. An unknown token fails at once.
 */
export async function discoverWithRetry(
  token: string,
  options: DiscoveryOptions & { tries: number; onRetry?: (err: DiscoveryError, attempt: number, delayMs: number) => void; sleep?: (ms: number) => Promise<void> },
): Promise<PuppetServiceAddress> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await discoverPuppetService(token, options);
    } catch (err) {
      if (!(err instanceof DiscoveryError) || !err.retryable || attempt >= options.tries) throw err;
      const delayMs = Math.min(1000 * 2 ** (attempt - 1), 30_000);
      options.onRetry?.(err, attempt, delayMs);
      await sleep(delayMs);
    }
  }
}

function parseAddress(body: string): PuppetServiceAddress | null {
  try {
    const json = JSON.parse(body) as { host?: unknown; port?: unknown };
    const port = Number(json.port);
    if (typeof json.host !== 'string' || !json.host || !Number.isInteger(port) || port < 1 || port > 65535) return null;
    return { host: json.host, port };
  } catch {
    return null;
  }
}

/** The cause in a few words (ECONNREFUSED, a certificate problem…), never a stack. */
function describe(err: Error & { code?: string }): string {
  return err.code ? `${err.code}: ${err.message}` : err.message;
}
