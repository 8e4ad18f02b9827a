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

export function createLogger(options: { level: string; pretty: boolean; file?: string }): Logger {
  const targets: pino.TransportTargetOptions[] = [
    options.pretty
      ? { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' }, level: options.level }
      : { target: 'pino/file', options: { destination: 1 }, level: options.level },
  ];
  if (options.file) targets.push({ target: 'pino/file', options: { destination: options.file, mkdir: true }, level: options.level });
  return pino({
    level: options.level,
    base: undefined,
    formatters: { log: (obj) => maskDeep(obj) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? maskPii(a) : a)) as Parameters<typeof method>);
      },
    },
    transport: { targets },
  });
}
