// Puppets whose contact ids change at every login (wechat4u): a person who joined carries the
// bot's remark (备注) on their contact; after a re-login with new ids the binding follows the remark.
// Real Wechaty and the real adapter on the mock puppet, whose contacts get new ids between the two
// logins as wechat4u's do (remarks are kept by WeChat, so they survive).
import pino from 'pino';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import * as PUPPET from 'wechaty-puppet';
import { WechatyBuilder, type Wechaty } from 'wechaty';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app/app-context.js';
import { privateChatHandler } from '../../src/app/console-login.js';
import { invite, joinHandler, JoinAttempts, REMARK_PREFIX } from '../../src/app/enrollment.js';
import { firstOf } from '../../src/app/pipeline/first-of.js';
import { followRemarks } from '../../src/app/remarks.js';
import { WechatyAdapter } from '../../src/chat/wechaty-adapter.js';
import { createMemoryStore, type MemoryStore } from '../support/fakes/memory-store.js';
import { aMessage } from '../support/builders.js';
import { TestClock, handleMessage, testContext } from '../support/test-context.js';

/** The mock puppet with remarks: kept on the contact's payload, as WeChat keeps them server-side. */
class RemarkingPuppet extends PuppetMock {
  override contactAlias(contactId: string): Promise<string>;
  override contactAlias(contactId: string, alias: string | null): Promise<void>;
  override async contactAlias(contactId: string, alias?: string | null): Promise<string | void> {
    const payload = this.mocker.cacheContactPayload.get(contactId);
    if (!payload) throw new Error(`no contact ${contactId}`);
    if (alias === undefined) return payload.alias ?? '';
    this.mocker.cacheContactPayload.set(contactId, { ...payload, alias: alias ?? '' });
    await this.contactPayloadDirty(contactId);
  }
}

const T0 = new Date('2026-11-23T02:00:00Z');

describe('a binding follows its remark to a new contact id after a re-login', () => {
  const mocker = new mock.Mocker();
  const puppet = new RemarkingPuppet({ mocker });
  const botContact = mocker.createContact({ id: 'bot-session-1', name: '邻里小助手' });
  let bot: Wechaty;
  let app: AppContext;
  let store: MemoryStore;
  let clock: TestClock;
  let adapter: WechatyAdapter;
  let seq = 0;
  const remarked: string[][] = [];

  const privateRoute = () =>
    firstOf([joinHandler({ attempts: new JoinAttempts(() => clock.now().getTime()), setRemark: (id, remark) => adapter.setRemark(id, remark) })], privateChatHandler({ loginUrl: () => null }));
  const dm = (from: string, name: string, text: string) => {
    clock.advance(1 / 60);
    return handleMessage(app, aMessage({ id: `pm-${++seq}`, roomId: `dm:${from}`, senderId: from, senderName: name, text, at: clock.now() }), { private: privateRoute() });
  };
  const loggedIn = () => new Promise<void>((resolve) => bot.once('login', () => resolve()));

  beforeAll(async () => {
    store = createMemoryStore();
    clock = new TestClock(T0);
    app = await testContext(store, clock);
    bot = WechatyBuilder.build({ puppet });
    adapter = new WechatyAdapter({ bot, directory: app.directory, clock, log: pino({ level: 'silent' }) });
    adapter.attach({
      receive: async () => {},
      remarkPrefix: REMARK_PREFIX,
      async remarkedContacts(contacts) {
        remarked.push(contacts.map((c) => c.id));
        await followRemarks(app, contacts, adapter);
      },
    });
    mocker.createContact({ id: 'xiaoliu-session-1', name: '小刘' });
    await bot.start();
    const first = loggedIn();
    mocker.login(botContact);
    await first;
  });

  afterAll(async () => {
    await bot.stop();
  });

  it('binds, sets the remark, and finds the person again under their new id', async () => {
    const { code } = await invite(app, { actor: { id: 'leader-zhao', name: '赵书记' }, grant: { role: 'leader', communities: null }, via: 'chat' }, { role: 'staff', communities: ['yangguang'], name: '小刘' });
    expect(await dm('xiaoliu-session-1', '小刘', `加入 ${code}`)).toMatchObject({ outcome: 'joined' });
    const remark = app.directory.person('xiaoliu-session-1')!.remark!;
    expect(remark.startsWith(REMARK_PREFIX)).toBe(true);
    expect(mocker.cacheContactPayload.get('xiaoliu-session-1')!.alias).toBe(remark);

    // Logged out; at the next login WeChat hands out new ids, the remark still on the contact.
    await puppet.logout('re-login');
    const payload = mocker.cacheContactPayload.get('xiaoliu-session-1')!;
    mocker.cacheContactPayload.delete('xiaoliu-session-1');
    mocker.createContact({ ...payload, id: 'xiaoliu-session-2' });
    const newBot = mocker.createContact({ ...mocker.cacheContactPayload.get('bot-session-1')!, id: 'bot-session-2' });
    const again = loggedIn();
    mocker.login(newBot);
    await again;
    for (const deadline = Date.now() + 10_000; !app.directory.person('xiaoliu-session-2') && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));

    expect(app.directory.person('xiaoliu-session-1')).toBeUndefined();
    expect(app.directory.person('xiaoliu-session-2')).toMatchObject({ name: '小刘', role: 'staff', communities: ['yangguang'], remark });
    expect(store.state.audit.at(-1)).toMatchObject({ action: 'person_rebound', via: 'system', subject: { id: 'xiaoliu-session-2', name: '小刘' } });
    expect(remarked.at(-1)).toContain('xiaoliu-session-2');
    // Under the new id they are who they were: staff, with a console code.
    expect(await dm('xiaoliu-session-2', '小刘', '登录')).toMatchObject({ outcome: 'login_code' });
  });

  it('gives nothing to a contact that merely takes the old name', async () => {
    mocker.cacheContactPayload.set('impostor', { id: 'impostor', name: '小刘', alias: '', gender: 0, type: PUPPET.types.Contact.Individual, avatar: '', phone: [] } as PUPPET.payloads.Contact);
    expect(await dm('impostor', '小刘', '登录')).toMatchObject({ outcome: 'login_refused' });
  });
});
