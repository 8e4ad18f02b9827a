// Wechaty and its puppets log through brolog straight to stderr ("WARN GrpcManager initClient()
// TLS: disabled", "stop() found that is starting…", a line per retry). Those lines go to Linli's
// log instead, at debug level (LOG_LEVEL=debug shows them, JSON and masked like every other
// line); what an operator must know about WeChat comes from wechat-login.ts, once per kind.
import { log as brolog } from 'wechaty';
import type { Log } from '../app/ports/clock.js';

export function routeWechatyLog(log: Log): void {
  const child = log.child({ from: 'wechaty' });
  brolog.enableLogging((level: string, text?: string) => child.debug({ wechatyLevel: level.trim().toLowerCase() }, text ?? ''));
}
