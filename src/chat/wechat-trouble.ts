// What went wrong between the bot and WeChat, in a few words an operator can act on. Wechaty hands
// its errors over as GErrors wrapping a driver's error (axios for wechat4u, gRPC for
// puppet-service) with several stacks inside; the log gets the kind and the first line of the
// cause, never a stack.

export type TroubleKind =
  /** A host name does not resolve (no network, no DNS, a typo in the endpoint). */
  | 'dns'
  /** Nothing answers at the address (refused, reset, unreachable network). */
  | 'unreachable'
  /** Something answered too slowly. */
  | 'timeout'
  /** The gateway refused the token. */
  | 'token_refused'
  /** The event stream from the gateway ended. */
  | 'connection_lost'
  /** The puppet gave up or stopped without saying why. */
  | 'stopped'
  | 'other';

export interface Trouble {
  kind: TroubleKind;
  /** One line, at most 200 characters: no stack. */
  reason: string;
}

const HINTS: Record<TroubleKind, string> = {
  dns: 'a host name does not resolve: check the network and DNS (and WECHATY_PUPPET_SERVICE_ENDPOINT)',
  unreachable: 'nothing answers: check the network (and that the gateway runs at WECHATY_PUPPET_SERVICE_ENDPOINT)',
  timeout: 'no answer in time: check the network and the gateway',
  token_refused: 'the gateway refused the token: check WECHATY_PUPPET_SERVICE_TOKEN',
  connection_lost: 'the connection to the gateway ended',
  stopped: 'the puppet stopped',
  other: 'see the reason',
};

/** What an operator should check for this kind of trouble. */
export function troubleHint(kind: TroubleKind): string {
  return HINTS[kind];
}

export function describeTrouble(err: unknown): Trouble {
  const message = typeof err === 'string' ? err : (err as { message?: unknown } | null)?.message;
  return { kind: kindOf(flatten(err)), reason: firstLine(typeof message === 'string' && message.trim() ? message : flatten(err)) };
}

function kindOf(text: string): TroubleKind {
  if (/UNAUTHENTICATED|PERMISSION_DENIED|invalid token|token (is )?(invalid|refused|expired)/i.test(text)) return 'token_refused';
  if (/ENOTFOUND|EAI_AGAIN|getaddrinfo|Name resolution/i.test(text)) return 'dns';
  if (/DEADLINE_EXCEEDED|ETIMEDOUT|ESOCKETTIMEDOUT|timeout|timed out/i.test(text)) return 'timeout';
  if (/ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|EPIPE|UNAVAILABLE|No connection established|socket hang up/i.test(text)) return 'unreachable';
  return 'other';
}

/** The message of an error and of what it wraps (GError keeps the original as JSON in `details`). */
function flatten(err: unknown): string {
  if (err === null || err === undefined) return 'unknown error';
  if (typeof err === 'string') return err;
  const e = err as { name?: unknown; code?: unknown; message?: unknown; details?: unknown; data?: unknown };
  const parts = [e.message, e.code, e.name].filter((p) => typeof p === 'string' || typeof p === 'number').map(String);
  for (const inner of [e.details, e.data]) if (typeof inner === 'string') parts.push(inner);
  return parts.join(' ') || String(err);
}

function firstLine(text: string): string {
  const line = text.split('\n').map((l) => l.trim()).find((l) => l && !l.startsWith('at ') && !l.startsWith('{')) ?? text.trim();
  // gRPC appends an empty "Resolution note:"; "Last error: Error: …" says "Error" twice.
  const clean = line.replace(/\s*Resolution note:.*$/, '').replace(/Last error: Error: /, 'last error: ').replace(/\s+/g, ' ').trim();
  return clean.length > 200 ? `${clean.slice(0, 199)}…` : clean;
}
