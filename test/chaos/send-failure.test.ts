// A message the platform will not take: retried with backoff, then given up, logged, and the
// leaders group told (once per group per hour, never about its own alerts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, fromBot, type Sandbox } from '../support/sandbox-client.js';

describe('a message that cannot be delivered', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox();
  });
  afterAll(async () => {
    await sb?.stop();
  });

  it('is given up on and reported to the leaders group once', async () => {
    const leaders = sb.room('leaders');
    await sb.heard(leaders.id);
    // The bot was removed from this group: sending there fails for good.
    await sb.linli.store.outbox.enqueue(
      [
        { roomId: 'gone@chatroom', text: '您反映的问题已受理，工单 #7，联系电话 13812345678', dedupeKey: 'test:gone:1' },
        { roomId: 'gone@chatroom', text: '第二条也发不出去', dedupeKey: 'test:gone:2' },
      ],
      new Date(),
    );
    for (let i = 0; i < 50; i++) {
      await sb.settle();
      if ((await sb.linli.store.outbox.pendingCount()) === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await sb.settle();
    const notices = fromBot(sb, await sb.heard(leaders.id)).map((l) => l.text);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('有消息未能发出');
    expect(notices[0]).toContain('gone@chatroom');
    expect(notices[0]).not.toContain('13812345678'); // masked: it was meant for another group
    expect((await sb.call('GET', '/healthz')).json).toEqual({ status: 'ok' });
  });
});
