// The overflow for incoming messages when the database cannot take them and the in-memory buffer
// is full: an append-only JSON-lines file on local disk, read back in order once the database is
// back, and deleted when everything in it was handed on. Survives kill -9 (the lines are in the
// page cache as soon as write() returns); a torn last line is skipped.
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { InboundMessage } from '../app/inbound-message.js';

const FORMAT = 1;
const CHUNK = 256 * 1024;

/** One line of the spool file: the message as stored, its time as text. */
type SpoolLine = Omit<InboundMessage, 'at'> & { v: typeof FORMAT; at: string; spooledAt: string };

export class FileSpool {
  private fd: number | null = null;
  private readOffset = 0;
  private pendingLines = 0;
  /** Lines that could not be parsed (a torn write at a crash), for the operator. */
  skipped = 0;

  /** `file`: e.g. data/spool/inbound.jsonl. Lines left by an earlier process count as pending. */
  constructor(readonly file: string) {
    if (existsSync(file)) {
      this.open();
      this.pendingLines = this.countLines();
      // A crash mid-write leaves a torn last line: end it, so the next line is not glued to it.
      const size = fstatSync(this.fd!).size;
      const last = Buffer.alloc(1);
      if (size > 0 && readSync(this.fd!, last, 0, 1, size - 1) === 1 && last[0] !== 10) {
        writeSync(this.fd!, '\n');
        this.pendingLines++;
      }
    }
  }

  /** Messages written and not yet read back. */
  get size(): number {
    return this.pendingLines;
  }

  append(message: InboundMessage, now: Date = new Date()): void {
    if (this.fd === null) this.open();
    writeSync(this.fd!, toLine(message, now));
    this.pendingLines++;
  }

  /**
   * Puts messages in front of everything not yet read back (a stop writes the messages it held in
   * memory, which are older than the spool's). Rewrites the file: for stops, not for the hot path.
   */
  prepend(messages: InboundMessage[], now: Date = new Date()): void {
    if (messages.length === 0) return;
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    const out = openSync(tmp, 'w');
    try {
      for (const message of messages) writeSync(out, toLine(message, now));
      if (this.fd !== null) {
        const buffer = Buffer.alloc(CHUNK);
        for (let offset = this.readOffset; ; ) {
          const n = readSync(this.fd, buffer, 0, CHUNK, offset);
          if (n === 0) break;
          writeSync(out, buffer, 0, n);
          offset += n;
        }
      }
    } finally {
      closeSync(out);
    }
    this.close();
    renameSync(tmp, this.file);
    this.open();
    this.readOffset = 0;
    this.pendingLines += messages.length;
  }

  /** The next messages in the order they were written (at most `max`). */
  read(max: number): InboundMessage[] {
    if (this.fd === null || this.pendingLines === 0) return [];
    const out: InboundMessage[] = [];
    const buffer = Buffer.alloc(CHUNK);
    let carry = Buffer.alloc(0);
    let offset = this.readOffset;
    while (out.length < max) {
      const n = readSync(this.fd, buffer, 0, CHUNK, offset);
      if (n === 0) break;
      const data = Buffer.concat([carry, buffer.subarray(0, n)]);
      let start = 0;
      for (let nl = data.indexOf(10, start); nl !== -1 && out.length < max; nl = data.indexOf(10, start)) {
        const raw = data.subarray(start, nl).toString('utf8');
        start = nl + 1;
        this.pendingLines = Math.max(0, this.pendingLines - 1);
        const message = parseLine(raw);
        if (message) out.push(message);
        else this.skipped++;
      }
      this.readOffset = offset - carry.length + start;
      carry = data.subarray(start);
      offset += n;
      if (carry.length > 16 * 1024 * 1024) break; // not a line: give up on it rather than eat memory
    }
    return out;
  }

  /** Deletes the file once everything in it was read back; true if it is gone. */
  removeIfDrained(): boolean {
    if (this.fd === null) return true;
    if (this.pendingLines > 0) return false;
    // A torn line at the end (no newline) still counts as read: nothing whole is left.
    closeSync(this.fd);
    this.fd = null;
    this.readOffset = 0;
    rmSync(this.file, { force: true });
    return true;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private open(): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    // 'a+': appends always go to the end, reads are positional.
    this.fd = openSync(this.file, 'a+');
  }

  private countLines(): number {
    const size = fstatSync(this.fd!).size;
    const buffer = Buffer.alloc(CHUNK);
    let lines = 0;
    for (let offset = 0; offset < size; ) {
      const n = readSync(this.fd!, buffer, 0, CHUNK, offset);
      if (n === 0) break;
      for (let i = 0; i < n; i++) if (buffer[i] === 10) lines++;
      offset += n;
    }
    return lines;
  }
}

function toLine(message: InboundMessage, now: Date): string {
  const line: SpoolLine = {
    v: FORMAT,
    id: message.id,
    roomId: message.roomId,
    senderId: message.senderId,
    senderName: message.senderName,
    text: message.text,
    kind: message.kind,
    mentionsBot: message.mentionsBot,
    mentions: message.mentions,
    quoted: message.quoted,
    at: message.at.toISOString(),
    ...(message.image ? { image: message.image } : {}),
    spooledAt: now.toISOString(),
  };
  return `${JSON.stringify(line)}\n`;
}

function parseLine(raw: string): InboundMessage | null {
  if (!raw.trim()) return null;
  try {
    const l = JSON.parse(raw) as SpoolLine;
    if (l.v !== FORMAT || typeof l.id !== 'string' || typeof l.roomId !== 'string') return null;
    const at = new Date(l.at);
    if (Number.isNaN(at.getTime())) return null;
    return {
      id: l.id,
      roomId: l.roomId,
      senderId: l.senderId,
      senderName: l.senderName,
      text: l.text,
      kind: l.kind,
      mentionsBot: l.mentionsBot,
      mentions: l.mentions ?? [],
      quoted: l.quoted ?? null,
      at,
      ...(l.image ? { image: l.image } : {}),
    };
  } catch {
    return null;
  }
}

/**
 * The local directory for what must outlive the process but cannot wait for the database: next
 * to a SQLite file, else data/spool/<host>-<port>-<database> (one per database, so two bots on
 * one machine never read each other's spool). A second account's process on the same database
 * (its own `WECHATY_NAME`, the memory card's name) gets a directory of its own below that one; the
 * default name keeps the directory of a single-account deployment. Null for an in-memory SQLite database.
 */
export function localStateDirFor(databaseUrl: string, cwd = process.cwd(), wechatyName = DEFAULT_WECHATY_NAME): string | null {
  const base = databaseDirFor(databaseUrl, cwd);
  const name = path.basename(wechatyName);
  if (base === null || name === DEFAULT_WECHATY_NAME) return base;
  return path.join(base, name.replace(/[^A-Za-z0-9_.-]/g, '_'));
}

const DEFAULT_WECHATY_NAME = 'linli';

function databaseDirFor(databaseUrl: string, cwd: string): string | null {
  if (databaseUrl.startsWith('sqlite:')) {
    const location = databaseUrl.slice('sqlite:'.length);
    if (location === '' || location === ':memory:') return null;
    return path.join(path.dirname(path.resolve(cwd, location)), 'spool');
  }
  const url = new URL(databaseUrl);
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'default';
  const key = `${url.hostname || 'localhost'}-${url.port || '3306'}-${database}`.replace(/[^A-Za-z0-9_.-]/g, '_');
  return path.resolve(cwd, 'data', 'spool', key);
}
