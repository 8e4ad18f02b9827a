// The process logger. Every string that reaches a log line passes through maskPii first:
// residents' phones and ID numbers must never land in log files.
import pino, { type Logger } from 'pino';
import { maskPii } from '../domain/mask-pii.js';

/** Deeper than this a value is summarised, never written unmasked. */
const MAX_DEPTH = 10;

/**
 * A copy of `value` with every string masked, at any depth: plain values, arrays, maps, and errors
 * with their message, stack, cause and own fields (a driver error carries the SQL and its
 * parameters, i.e. residents' words).
 */
export function maskDeep(value: unknown, depth = 0, ancestors = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return maskPii(value);
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value;
  if (ancestors.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[…]';
  if (Buffer.isBuffer(value)) return `[${value.length} bytes]`;
  ancestors.add(value);
  try {
    return maskObject(value, depth, ancestors);
  } finally {
    ancestors.delete(value);
  }
}

function maskObject(value: object, depth: number, seen: WeakSet<object>): unknown {
  if (value instanceof Error) {
    const out: Record<string, unknown> = { type: value.name, message: maskPii(value.message) };
    if (value.stack) out.stack = maskPii(value.stack);
    for (const [k, v] of Object.entries(value)) out[k] = maskDeep(v, depth + 1, seen);
    if (value.cause !== undefined) out.cause = maskDeep(value.cause, depth + 1, seen);
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1, seen));
  if (value instanceof Map) return maskDeep(Object.fromEntries(value), depth, seen);
  if (value instanceof Set) return maskDeep([...value], depth, seen);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v, depth + 1, seen)]));
}

/**
 * JSON lines (production) are written from this thread, to stdout and to LOG_FILE; LOG_FILE is
 * opened again on SIGHUP, so logrotate can move it away (deploy/logrotate.conf). Pretty output
 * (the sandbox, a developer's terminal) goes through pino-pretty in a worker thread, which costs
 * a second JavaScript heap — fine on a laptop, not in a 200 MB production budget.
 */
export function createLogger(options: { level: string; pretty: boolean; file?: string }): Logger {
  const settings: pino.LoggerOptions = {
    level: options.level,
    base: undefined,
    // Errors are masked whole by maskDeep (pino's own err serializer would pass the stack through).
    serializers: { err: (err: unknown) => maskDeep(err) },
    formatters: { log: (obj) => maskDeep(obj) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? maskPii(a) : a)) as Parameters<typeof method>);
      },
    },
  };
  if (options.pretty) {
    const targets: pino.TransportTargetOptions[] = [
      { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' }, level: options.level },
    ];
    if (options.file) targets.push({ target: 'pino/file', options: { destination: options.file, mkdir: true }, level: options.level });
    return pino({ ...settings, transport: { targets } });
  }
  const streams: pino.StreamEntry[] = [{ stream: pino.destination({ dest: 1, sync: false }), level: options.level as pino.Level }];
  if (options.file) {
    const file = pino.destination({ dest: options.file, mkdir: true, sync: false });
    process.on('SIGHUP', () => file.reopen());
    streams.push({ stream: file, level: options.level as pino.Level });
  }
  return pino(settings, pino.multistream(streams));
}
