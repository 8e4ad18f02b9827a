import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileSpool, localStateDirFor } from '../../../src/store/spool.js';
import type { InboundMessage } from '../../../src/app/inbound-message.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function file(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'linli-spool-'));
  dirs.push(dir);
  return path.join(dir, 'nested', 'inbound.jsonl');
}
const aMessage = (i: number, text = `第 ${i} 条`): InboundMessage => ({
  id: `m-${i}`,
  roomId: 'r1@chatroom',
  senderId: 'wxid_a',
  senderName: '王阿姨🌸',
  text,
  kind: 'text',
  mentionsBot: i % 2 === 0,
  mentions: [{ id: 'wxid_b', name: '李' }],
  quoted: i % 3 === 0 ? { name: '张', text: '「引用」' } : null,
  at: new Date(Date.UTC(2026, 10, 23, 8, 0, i)),
});

describe('FileSpool', () => {
  it('gives back what was written, in order and intact, across reads and a restart', () => {
    const f = file();
    const spool = new FileSpool(f);
    const tricky = '换行\n制表\t引号"反斜杠\\ \u0000 \u2028 😀'.repeat(50);
    for (let i = 0; i < 1000; i++) spool.append(aMessage(i, i === 500 ? tricky : undefined));
    expect(spool.size).toBe(1000);
    const first = spool.read(300);
    expect(first.map((m) => m.id)).toEqual(Array.from({ length: 300 }, (_, i) => `m-${i}`));
    expect(first[0]).toEqual(aMessage(0));
    spool.close();

    // A restart reads the whole file again: re-reading is harmless (storing is idempotent by id).
    const again = new FileSpool(f);
    expect(again.size).toBe(1000);
    const all = [...again.read(700), ...again.read(700)];
    expect(all).toHaveLength(1000);
    expect(all[500]!.text).toBe(tricky);
    expect(again.size).toBe(0);
    expect(again.removeIfDrained()).toBe(true);
    expect(existsSync(f)).toBe(false);
  });

  it('skips a torn last line left by a crash', () => {
    const f = file();
    const spool = new FileSpool(f);
    spool.append(aMessage(1));
    spool.close();
    appendFileSync(f, '{"v":1,"id":"m-2","roomId":"r1@cha');
    const reopened = new FileSpool(f);
    reopened.append(aMessage(3));
    expect(reopened.read(10).map((m) => m.id)).toEqual(['m-1', 'm-3']);
    expect(reopened.skipped).toBe(1);
  });

  it('puts messages in front of what is not yet read back', () => {
    const f = file();
    const spool = new FileSpool(f);
    for (let i = 10; i < 20; i++) spool.append(aMessage(i));
    expect(spool.read(3).map((m) => m.id)).toEqual(['m-10', 'm-11', 'm-12']);
    spool.prepend([aMessage(1), aMessage(2)]);
    spool.append(aMessage(20));
    expect(spool.size).toBe(10);
    expect(spool.read(100).map((m) => m.id)).toEqual(['m-1', 'm-2', ...Array.from({ length: 8 }, (_, i) => `m-${13 + i}`)]);
    expect(readFileSync(f, 'utf8').split('\n').filter(Boolean)).toHaveLength(10);
  });
});

describe('localStateDirFor', () => {
  it('keeps local state next to a SQLite file, per database otherwise, nowhere for :memory:', () => {
    expect(localStateDirFor('sqlite:data/linli.db', '/srv/linli')).toBe('/srv/linli/data/spool');
    expect(localStateDirFor('sqlite::memory:')).toBeNull();
    expect(localStateDirFor('mysql://linli:pw@db.internal:3307/linli', '/srv/linli')).toBe('/srv/linli/data/spool/db.internal-3307-linli');
    expect(localStateDirFor('mariadb://root@127.0.0.1/x', '/srv')).toBe('/srv/data/spool/127.0.0.1-3306-x');
    // A second account's process on the same database and machine keeps its own.
    expect(localStateDirFor('mariadb://root@127.0.0.1/x', '/srv', 'linli-2')).toBe('/srv/data/spool/127.0.0.1-3306-x/linli-2');
    expect(localStateDirFor('mariadb://root@127.0.0.1/x', '/srv', '/var/lib/linli/account-2')).toBe('/srv/data/spool/127.0.0.1-3306-x/account-2');
    expect(localStateDirFor('mariadb://root@127.0.0.1/x', '/srv', 'linli')).toBe('/srv/data/spool/127.0.0.1-3306-x');
    expect(localStateDirFor('mariadb://root@127.0.0.1/x', '/srv', '/var/lib/linli/linli')).toBe('/srv/data/spool/127.0.0.1-3306-x');
  });
});
