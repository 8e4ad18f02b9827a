// The login supervisor against a scripted bot: what counts as a failed start, the backoff and the
// give-up, the QR code's handling, and a stop at any moment.
import { EventEmitter } from 'node:events';
import pino from 'pino';
import { ScanStatus } from 'wechaty';
import { describe, expect, it } from 'vitest';
import { WechatLogin, WechatStartGaveUp } from '../../../src/chat/wechat-login.js';
import { RateLimitedLog } from '../../../src/chat/rate-limited-log.js';
import { describeTrouble } from '../../../src/chat/wechat-trouble.js';

/** A log that keeps its lines. */
function recordingLog() {
  const lines: Array<{ level: number; msg: string; [k: string]: unknown }> = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, lines, at: (level: number) => lines.filter((l) => l.level === level) };
}

type Script = (bot: ScriptedBot, startNo: number) => void;

/** A Wechaty stand-in whose starts do what the script says. */
class ScriptedBot extends EventEmitter {
  starts = 0;
  stops = 0;
  active = false;
  readonly puppet = {
    start: () => this.startPuppet(),
    stop: async () => {
      this.stops++;
      this.active = false;
    },
    state: { active: () => this.active },
  };

  constructor(private readonly script: Script) {
    super();
  }

  async start(): Promise<void> {
    this.emit('puppet', this.puppet);
    await this.startPuppet();
  }

  async stop(): Promise<void> {
    await this.puppet.stop();
  }

  private async startPuppet(): Promise<void> {
    this.starts++;
    this.active = true;
    const n = this.starts;
    setImmediate(() => this.script(this, n));
  }

  loginAs(name: string): void {
    this.emit('login', { name: () => name });
  }
}

const fast = { baseBackoffMs: 5, maxBackoffMs: 20 };

describe('WechatLogin', () => {
  it('retries a start that fails before any QR code, with one line per failure, and logs in', async () => {
    const { log, at } = recordingLog();
    const bot = new ScriptedBot((b, n) => (n < 3 ? b.emit('error', new Error('getaddrinfo ENOTFOUND login.wx.qq.com')) : b.loginAs('邻里小助手')));
    const login = new WechatLogin({ bot, log, maxFailedStarts: 5, ...fast }).attach();
    await login.start(new AbortController().signal);
    expect(bot.starts).toBe(3);
    expect(bot.stops).toBe(2);
    const failures = at(50);
    expect(failures.map((l) => l.msg)).toEqual([
      expect.stringContaining('could not connect to WeChat (1 of 5): getaddrinfo ENOTFOUND login.wx.qq.com'),
      expect.stringContaining('could not connect to WeChat (2 of 5)'),
    ]);
    expect(failures[0]).toMatchObject({ kind: 'dns', failedStarts: 1 });
    expect(login.status()).toMatchObject({ phase: 'logged_in', account: '邻里小助手', failedStarts: 0 });
    expect(login.publicStatus()).toEqual({ status: 'starting' });
  });

  it('gives up after maxFailedStarts failures in a row', async () => {
    const { log, at } = recordingLog();
    const bot = new ScriptedBot((b) => b.emit('error', Object.assign(new Error('14 UNAVAILABLE: No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:9. Resolution note: '), {})));
    const login = new WechatLogin({ bot, log, maxFailedStarts: 3, ...fast }).attach();
    const err = await login.start(new AbortController().signal).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WechatStartGaveUp);
    expect((err as WechatStartGaveUp).message).toBe(
      'could not connect to WeChat in 3 tries (last: 14 UNAVAILABLE: No connection established. last error: connect ECONNREFUSED 127.0.0.1:9.; nothing answers: check the network (and that the gateway runs at WECHATY_PUPPET_SERVICE_ENDPOINT))',
    );
    expect(bot.starts).toBe(3);
    expect(at(50)).toHaveLength(3);
    expect(at(50)[2]).not.toHaveProperty('retryInSeconds');
  });

  it('counts a puppet that is off right after its start, and a start that shows nothing in time', async () => {
    const { log, at } = recordingLog();
    const bot = new ScriptedBot(() => undefined);
    // Every start: the puppet is off when it returns (puppet-service swallows a refused connection).
    bot.puppet.start = async () => {
      bot.starts++;
    };
    bot.start = async () => {
      bot.emit('puppet', bot.puppet);
      bot.starts++;
      bot.active = false;
    };
    const login = new WechatLogin({ bot, log, maxFailedStarts: 2, startTimeoutMs: 50, ...fast }).attach();
    await expect(login.start(new AbortController().signal)).rejects.toBeInstanceOf(WechatStartGaveUp);
    expect(at(50).map((l) => l.kind)).toEqual(['stopped', 'stopped']);

    const quiet = new ScriptedBot(() => undefined); // starts, then says nothing at all
    const { log: log2, at: at2 } = recordingLog();
    const login2 = new WechatLogin({ bot: quiet, log: log2, maxFailedStarts: 1, startTimeoutMs: 50, ...fast }).attach();
    await expect(login2.start(new AbortController().signal)).rejects.toBeInstanceOf(WechatStartGaveUp);
    expect(at2(50)[0]).toMatchObject({ kind: 'timeout', reason: 'neither a QR code nor a login within 0 s' });
  });

  it('waits for the scan as long as it takes: a QR code is a start that worked; errors then are only reported', async () => {
    const { log, lines } = recordingLog();
    const drawn: string[] = [];
    let scanNow: () => void = () => undefined;
    const bot = new ScriptedBot((b, n) => {
      if (n === 1) return void b.emit('error', new Error('connect ECONNREFUSED 127.0.0.1:1'));
      b.emit('scan', 'https://login.weixin.qq.com/l/abc', ScanStatus.Waiting);
      b.emit('scan', 'https://login.weixin.qq.com/l/abc', ScanStatus.Waiting); // repeated to a new stream: drawn once
      b.emit('error', new Error('connect ECONNRESET'));
      scanNow = () => {
        b.emit('scan', 'https://login.weixin.qq.com/l/abc', ScanStatus.Scanned);
        b.loginAs('邻里小助手');
      };
    });
    const login = new WechatLogin({ bot, log, maxFailedStarts: 2, startTimeoutMs: 30, ...fast, drawQr: (p) => drawn.push(p), consolePage: () => 'https://linli.example/console/wechat' }).attach();
    const started = login.start(new AbortController().signal);
    await expect.poll(() => login.status().phase).toBe('waiting_for_scan');
    // Past the start timeout: a QR code on show is not a failure.
    await new Promise((r) => setTimeout(r, 80));
    expect(login.status()).toMatchObject({ phase: 'waiting_for_scan', qrCode: 'https://login.weixin.qq.com/l/abc', failedStarts: 0 });
    expect(login.publicStatus()).toMatchObject({ status: 'waiting_for_scan' });
    expect(drawn).toEqual(['https://login.weixin.qq.com/l/abc']);
    scanNow();
    await started;
    expect(bot.starts).toBe(2);
    // The payload is at debug only; the info line points at the console page.
    expect(lines.filter((l) => l.level >= 30 && JSON.stringify(l).includes('/l/abc'))).toEqual([]);
    expect(lines.find((l) => l.level === 30 && String(l.msg).startsWith('请用机器人微信号扫码登录'))?.msg).toContain('https://linli.example/console/wechat');
    expect(lines.filter((l) => l.level === 40 && String(l.msg).startsWith('WeChat trouble'))).toHaveLength(1);
  });

  it('a lost gateway connection while the QR code waits is a failed start (the code died with it)', async () => {
    const { log, at } = recordingLog();
    const connection = new EventEmitter();
    const bot = new ScriptedBot((b, n) => {
      if (n === 1) {
        b.emit('scan', 'qr-1', ScanStatus.Waiting);
        setImmediate(() => connection.emit('lost', 'the event stream from the gateway ended'));
      } else b.loginAs('bot');
    });
    Object.assign(bot.puppet, { connection });
    const login = new WechatLogin({ bot, log, maxFailedStarts: 3, ...fast }).attach();
    await login.start(new AbortController().signal);
    expect(at(50)[0]).toMatchObject({ kind: 'connection_lost', failedStarts: 1 });
  });

  it('stops at once when asked, while it waits between two starts or for the scan', async () => {
    const { log } = recordingLog();
    const failing = new ScriptedBot((b) => b.emit('error', new Error('connect ECONNREFUSED 127.0.0.1:1')));
    const stop = new AbortController();
    const login = new WechatLogin({ bot: failing, log, maxFailedStarts: 10, baseBackoffMs: 60_000 }).attach();
    const started = login.start(stop.signal);
    await expect.poll(() => login.status().phase).toBe('retrying');
    const t = Date.now();
    stop.abort(new Error('SIGTERM'));
    await expect(started).rejects.toThrow('SIGTERM');
    expect(Date.now() - t).toBeLessThan(500);

    const waiting = new ScriptedBot((b) => b.emit('scan', 'qr', ScanStatus.Waiting));
    const stop2 = new AbortController();
    const login2 = new WechatLogin({ bot: waiting, log, maxFailedStarts: 1 }).attach();
    const started2 = login2.start(stop2.signal);
    await expect.poll(() => login2.status().phase).toBe('waiting_for_scan');
    stop2.abort(new Error('SIGTERM'));
    await expect(started2).rejects.toThrow('SIGTERM');
    await login2.stopBot();
    expect(login2.status().phase).toBe('stopped');
  });

  it('after the first login: a logout and a new QR code show in the status; errors are rate-limited', async () => {
    const { log, lines } = recordingLog();
    const bot = new ScriptedBot((b) => b.loginAs('bot'));
    const login = new WechatLogin({ bot, log, maxFailedStarts: 1 }).attach();
    await login.start(new AbortController().signal);
    bot.emit('logout', { name: () => 'bot' }, 'kicked');
    expect(login.status().phase).toBe('logged_out');
    bot.emit('scan', 'qr-2', ScanStatus.Waiting);
    expect(login.status()).toMatchObject({ phase: 'waiting_for_scan', qrCode: 'qr-2' });
    for (let i = 0; i < 50; i++) bot.emit('error', new Error('getaddrinfo EAI_AGAIN wx.qq.com'));
    expect(lines.filter((l) => String(l.msg).startsWith('WeChat trouble'))).toHaveLength(1);
    bot.loginAs('bot');
    expect(login.status()).toMatchObject({ phase: 'logged_in', qrCode: null });
  });
});

describe('RateLimitedLog', () => {
  it('logs the first of a kind at once and the rest as one count when the window closes', async () => {
    const { log, lines } = recordingLog();
    const limited = new RateLimitedLog({ log, windowMs: 40 });
    for (let i = 0; i < 5; i++) limited.report('dns', 'WeChat trouble: ENOTFOUND', { reason: 'ENOTFOUND' });
    limited.report('timeout', 'WeChat trouble: timeout');
    expect(lines.map((l) => l.msg)).toEqual(['WeChat trouble: ENOTFOUND', 'WeChat trouble: timeout']);
    await new Promise((r) => setTimeout(r, 80));
    expect(lines.map((l) => l.msg)).toEqual(['WeChat trouble: ENOTFOUND', 'WeChat trouble: timeout', 'WeChat trouble: ENOTFOUND (again, 4 more times)']);
    expect(lines[2]).toMatchObject({ kind: 'dns', repeated: 4 });
  });
});

describe('describeTrouble', () => {
  it.each([
    [new Error('getaddrinfo ENOTFOUND login.wx.qq.com'), 'dns'],
    [new Error('14 UNAVAILABLE: No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:1. Resolution note: '), 'unreachable'],
    [Object.assign(new Error('Timeout after 5000 ms'), { name: 'DEADLINE_EXCEEDED' }), 'timeout'],
    [new Error('16 UNAUTHENTICATED: Invalid token'), 'token_refused'],
    [new Error('something odd\n    at somewhere (file.js:1:1)'), 'other'],
  ])('%s → %s, one line without a stack', (err, kind) => {
    const t = describeTrouble(err);
    expect(t.kind).toBe(kind);
    expect(t.reason).not.toMatch(/\n|\sat /);
  });
});
