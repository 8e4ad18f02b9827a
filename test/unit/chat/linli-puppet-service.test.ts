// The bot's puppet-service client bounds the messages in flight: a backlog delivered at once waits
// as bare ids and is let in as the bot finishes earlier messages, in order; nothing is let in while
// logged out, and what was in flight when the connection went is offered again after the login.
// No gateway is needed: the events are emitted as the gRPC stream would.
import { beforeAll, describe, expect, it } from 'vitest';
import { LinliPuppetService } from '../../../src/chat/linli-puppet-service.js';

describe('LinliPuppetService: messages in flight', () => {
  let puppet: LinliPuppetService;
  const heard: string[] = [];

  beforeAll(() => {
    puppet = new LinliPuppetService({ token: 'insecure_unit', endpoint: '127.0.0.1:1', tls: { disable: true } });
    // The client's on-disk payload cache (opened at login) has nothing to do with this.
    (puppet as unknown as { _payloadStore: object })._payloadStore = { start: async () => {}, stop: async () => {} };
    puppet.maxInFlight = 3;
    puppet.on('message', ({ messageId }) => void heard.push(messageId));
  });

  const deliver = (...ids: string[]) => ids.forEach((id) => puppet.emit('message', { messageId: id }));
  const tick = () => new Promise((r) => setImmediate(r));

  it('holds messages until logged in, then lets in at most maxInFlight', async () => {
    deliver('m1', 'm2', 'm3', 'm4', 'm5');
    expect(heard).toEqual([]);
    puppet.login('linli-bot');
    await tick();
    expect(heard).toEqual(['m1', 'm2', 'm3']);
    expect(puppet.backlog).toBe(2);
  });

  it('lets the next one in as each is handled, in order', async () => {
    puppet.messageHandled('m2');
    expect(heard).toEqual(['m1', 'm2', 'm3', 'm4']);
    puppet.messageHandled('m2'); // twice: no extra slot
    deliver('m6');
    expect(heard.at(-1)).toBe('m4');
    puppet.messageHandled('m1');
    puppet.messageHandled('m3');
    expect(heard).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6']);
  });

  it('offers again after the login what was in flight when the connection went', async () => {
    deliver('m7', 'm8');
    await puppet.logout('connection lost');
    await tick();
    expect(puppet.backlog).toBe(5); // m4, m5, m6 were in flight; m7, m8 waited
    heard.length = 0;
    puppet.login('linli-bot');
    await tick();
    expect(heard).toEqual(['m4', 'm5', 'm6']);
    for (const id of ['m4', 'm5', 'm6']) puppet.messageHandled(id);
    expect(heard).toEqual(['m4', 'm5', 'm6', 'm7', 'm8']);
  });
});

describe('LinliPuppetService: a changed payload is read afresh', () => {
  it("reads a contact from the gateway after a 'dirty' event, not the old copy whose deletion has not landed", async () => {
    const puppet = new LinliPuppetService({ token: 'insecure_unit_dirty', endpoint: '127.0.0.1:1', tls: { disable: true } });
    // The client's on-disk store, slow to delete as a disk is; it holds the old nickname.
    const saved = new Map<string, object>([['hp-lidaye', { id: 'hp-lidaye', name: '李大爷' }]]);
    const contact = {
      get: async (id: string) => saved.get(id),
      set: async (id: string, payload: object) => void saved.set(id, payload),
      delete: (id: string) => new Promise<void>((r) => setTimeout(() => r(void saved.delete(id)), 30)),
    };
    (puppet as unknown as { _payloadStore: object })._payloadStore = { contact };
    // The gateway, which knows the new nickname.
    const fields: Record<string, unknown> = { getName: '李老师', getId: 'hp-lidaye', getPhonesList: [] };
    // Every other getter of the gRPC answer says ''; `then` stays unset, or `await` would take it for a promise.
    const answer = new Proxy({}, { get: (_, key) => (key === 'then' ? undefined : () => fields[key as string] ?? '') });
    (puppet as unknown as { _grpcManager: object })._grpcManager = { client: { contactPayload: (_req: unknown, done: (e: null, r: object) => void) => done(null, answer) } };

    puppet.onDirty({ payloadType: 2 /* PUPPET.types.Dirty.Contact */, payloadId: 'hp-lidaye' });
    expect((await puppet.contactRawPayload('hp-lidaye')).name).toBe('李老师');
    expect((saved.get('hp-lidaye') as { name: string }).name).toBe('李老师');
  });
});
