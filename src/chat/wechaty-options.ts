// How the bot reaches WeChat: the Wechaty options for the mode it runs in. Sandbox: the world's
// mock puppet in this process. wechaty-puppet-service (PadLocal, WeCom gateways, the world
// server): a puppet built here from the validated environment — never from stray process
// variables — with token discovery checked up front, the `wechaty://` resolver fixed for the
// installed gRPC library, and a keeper that reconnects when the gateway goes away. Any other
// puppet (wechat4u) is loaded by name as Wechaty does.
import type { WechatyOptions } from 'wechaty';
import type * as PUPPET from 'wechaty-puppet';
import { ConfigError, type Env } from '../config/env.js';
import type { Log } from '../app/ports/clock.js';
import { DEFAULT_AUTHORITY, DiscoveryError, discoverWithRetry } from './puppet-service-discovery.js';
import { installWechatyResolver } from './wechaty-resolver.js';
import { PuppetConnectionKeeper } from './puppet-connection-keeper.js';
import { LinliPuppetService } from './linli-puppet-service.js';

export const PUPPET_SERVICE = 'wechaty-puppet-service';

export interface WechatyOptionsDeps {
  log: Log;
  /** Sandbox mode: the simulated world's puppet. */
  sandboxPuppet?: PUPPET.Puppet;
  /** Ends the waits between discovery tries (SIGTERM at start). */
  signal?: AbortSignal;
}

export async function wechatyOptionsFor(env: Env, deps: WechatyOptionsDeps): Promise<WechatyOptions> {
  // No name in the sandbox: it keeps no memory card on disk.
  if (deps.sandboxPuppet) return { puppet: deps.sandboxPuppet };
  if (env.WECHATY_PUPPET === PUPPET_SERVICE) return { name: env.WECHATY_NAME, puppet: await puppetServiceFor(env, deps.log, deps.signal) };
  return {
    name: env.WECHATY_NAME,
    puppet: env.WECHATY_PUPPET as never,
    ...(env.WECHATY_PUPPET_SERVICE_TOKEN || env.WECHATY_PUPPET_SERVICE_ENDPOINT
      ? { puppetOptions: { token: env.WECHATY_PUPPET_SERVICE_TOKEN, endpoint: env.WECHATY_PUPPET_SERVICE_ENDPOINT } }
      : {}),
  };
}

async function puppetServiceFor(env: Env, log: Log, signal?: AbortSignal): Promise<PUPPET.Puppet> {
  const token = env.WECHATY_PUPPET_SERVICE_TOKEN!;
  const authority = env.WECHATY_PUPPET_SERVICE_AUTHORITY ?? DEFAULT_AUTHORITY;
  if (!env.WECHATY_PUPPET_SERVICE_ENDPOINT) {
    // Token only: find the gateway now, so that an unreachable discovery service is one clear
    // line at start instead of a gRPC channel failing somewhere inside Wechaty.
    try {
      const address = await discoverWithRetry(token, {
        authority,
        tries: env.LINLI_DISCOVERY_TRIES,
        sleep: (ms) => wakeableDelay(ms, signal).then(() => signal?.throwIfAborted()),
        onRetry: (err, attempt, delayMs) =>
          log.warn({ authority, attempt, retryInSeconds: delayMs / 1000, reason: err.message }, 'puppet-service discovery failed: trying again'),
      });
      log.info({ authority, gateway: `${address.host}:${address.port}` }, 'found the WeChat gateway for the token');
    } catch (err) {
      if (!(err instanceof DiscoveryError) || signal?.aborted) throw err;
      throw new ConfigError(
        `${err.message} after ${err.retryable ? env.LINLI_DISCOVERY_TRIES : 1} ${err.retryable && env.LINLI_DISCOVERY_TRIES > 1 ? 'tries' : 'try'}: ` +
          'check WECHATY_PUPPET_SERVICE_TOKEN and the network, or set WECHATY_PUPPET_SERVICE_ENDPOINT=host:port to skip discovery',
      );
    }
    // The channel itself resolves wechaty://<authority>/<token> again on every reconnection.
    installWechatyResolver({ authority });
  }
  const puppet = new LinliPuppetService({
    token,
    endpoint: env.WECHATY_PUPPET_SERVICE_ENDPOINT,
    authority,
    tls: {
      disable: env.WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT === 'true',
      caCert: env.WECHATY_PUPPET_SERVICE_TLS_CA_CERT?.replace(/\\n/g, '\n'),
      serverName: env.WECHATY_PUPPET_SERVICE_TLS_SERVER_NAME,
    },
  });
  new PuppetConnectionKeeper(puppet as unknown as ConstructorParameters<typeof PuppetConnectionKeeper>[0], { log }).attach();
  return puppet;
}

/** Waits `ms`, or less when `signal` aborts (then the next try fails fast and the start ends). */
function wakeableDelay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
