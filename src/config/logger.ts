// The process logger. Every string that reaches a log line passes through maskPii first:
// residents' phones and ID numbers must never land in log files.
import pino, { type Logger } from 'pino';
import { maskPii } from '../domain/mask-pii.js';

function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskPii(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { type: value.name, message: maskPii(value.message), stack: value.stack };
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v, depth + 1)]));
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
