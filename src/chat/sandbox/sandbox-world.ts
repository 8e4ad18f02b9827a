// The in-process sandbox's world: the simulated district (src/chat/world/) with one bot account,
// on the sandbox clock, driven by the bot inside this process. Each bot post is recorded with its
// outbox id (`bot-<id>`), which chaos runs count duplicate sends by.
import type { SandboxConfig } from '../../config/sandbox-config.js';
import type { Clock } from '../../app/ports/clock.js';
import { World } from '../world/world.js';
import type { WorldPuppet } from '../world/world-puppet.js';
import { imageMime } from '../image-mime.js';

export class SandboxWorld extends World {
  private loggedOut = false;

  constructor(config: SandboxConfig, clock: Clock) {
    super(config, { clock, accounts: 1, recordBotPosts: false, botInProcess: true });
  }

  /** The bot's puppet, for the Wechaty instance in this process. */
  get puppet(): WorldPuppet {
    return this.primary.puppet;
  }

  /** Logs the bot in; call after the Wechaty instance has started. */
  login(): void {
    this.primary.login();
  }

  get isLoggedOut(): boolean {
    return this.loggedOut;
  }

  /** Extension: the bot is logged out (as when WeChat drops the session or the network goes). */
  async logout(reason = 'sandbox: logged out'): Promise<void> {
    if (this.loggedOut) return;
    this.loggedOut = true;
    await this.primary.logout(reason);
  }

  /**
   * Extension: the bot logs in again and the messages held meanwhile are delivered, in order, with
   * their original times. `onRelease` is told each id just before it is delivered.
   */
  relogin(onRelease?: (id: string) => void): string[] {
    if (!this.loggedOut) return [];
    this.loggedOut = false;
    this.primary.onRelease = onRelease ?? null;
    try {
      return this.primary.relogin();
    } finally {
      this.primary.onRelease = null;
    }
  }

  /** What the bot said (in a group, or `dm:<contactId>` privately), recorded once the puppet accepted it. */
  recordBotPost(roomId: string, outboxId: number, text: string, imageBase64: string | null): void {
    this.recordPost(roomId, {
      id: `bot-${outboxId}`,
      accountId: this.primary.id,
      text,
      image: imageBase64 ? { base64: imageBase64, mime: imageMime(imageBase64) } : null,
    });
  }
}
