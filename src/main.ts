// Process entry: start Linli, stop cleanly on SIGINT/SIGTERM at any phase (waiting for the
// database, for the gateway, for the scan, running) with exit code 0, and explain a start that
// cannot succeed in one line with a non-zero exit, so that a supervisor starts a fresh process.
import { existsSync } from 'node:fs';
import { ConfigError } from './config/env.js';
import { startLinli, type Linli } from './linli.js';
import { WechatStartGaveUp } from './chat/wechat-login.js';

/** A stop that takes longer than this is stuck: the process exits anyway (non-zero, it was not clean). */
const STOP_DEADLINE_MS = 9000;

// From the first second: a signal during the start aborts it; one later stops the running bot.
const stopping = new AbortController();
let linli: Linli | null = null;

function onSignal(signal: NodeJS.Signals): void {
  if (stopping.signal.aborted) {
    // A second Ctrl-C: the operator does not want to wait.
    console.error(`\nLinli: ${signal} again, exiting without waiting`);
    process.exit(130);
  }
  stopping.abort(new StopRequested(signal));
  setTimeout(() => {
    console.error(`Linli: did not stop within ${STOP_DEADLINE_MS / 1000} s of ${signal}; exiting anyway`);
    process.exit(1);
  }, STOP_DEADLINE_MS).unref();
  if (linli) void stopAndExit(linli, signal);
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
// A library's stray promise (a puppet retrying in the background) must not kill the process: one
// line, in the log once there is one.
process.on('unhandledRejection', (err) => {
  if (linli) linli.log.error({ err }, 'unhandled rejection');
  else console.error(`Linli: unhandled rejection: ${err instanceof Error ? err.message : String(err)}`);
});

class StopRequested extends Error {
  constructor(readonly signal: NodeJS.Signals) {
    super(`stop requested (${signal})`);
    this.name = 'StopRequested';
  }
}

async function stopAndExit(running: Linli, signal: NodeJS.Signals): Promise<void> {
  running.log.info({ signal }, 'stopping');
  try {
    await running.stop();
  } catch (err) {
    running.log.error({ err }, 'the stop failed');
    process.exit(1);
  }
  process.exit(0);
}

// Production settings live in .env; without one Linli starts in sandbox mode.
if (existsSync('.env')) process.loadEnvFile('.env');

try {
  const started = await startLinli(process.env, { signal: stopping.signal });
  linli = started;
  // A signal that came while the last step of the start finished.
  if (stopping.signal.aborted) await stopAndExit(started, (stopping.signal.reason as StopRequested).signal);
} catch (err) {
  if (stopping.signal.aborted) {
    // Stopped while starting: what was started has been stopped; that is a clean stop.
    console.error(`Linli stopped before it was ready (${(stopping.signal.reason as StopRequested).signal})`);
    process.exit(0);
  }
  if (err instanceof ConfigError) {
    console.error(`\nLinli cannot start: ${err.message}\n`);
  } else if (err instanceof WechatStartGaveUp) {
    // One line; the supervisor (systemd Restart=on-failure, Docker restart policy) starts a fresh process.
    console.error(`Linli gave up starting: ${err.message}; exiting so that the service manager starts it again`);
  } else {
    console.error('Linli failed to start:', err);
  }
  process.exit(1);
}
