// The mock puppet of one bot account in the simulated world. What the bot says goes into the world
// (its transcript, the other accounts in the group) instead of the mock's own random-id path, and
// the few contact and room operations a real puppet supports behave as WeChat does.
import { PuppetMock, type mock } from 'wechaty-puppet-mock';
import * as PUPPET from 'wechaty-puppet';
import { FileBox, type FileBoxInterface } from 'file-box';
import { isRoomId, roomIdContactPayload } from '../room-member-dirty.js';

/** What the bot sends: text (with the contacts it @-mentions) or a picture. */
export type BotContent = { text: string; mentionIds: string[] } | { image: { base64: string; name: string } };

/** The account behind the puppet: the world answers for it. */
export interface WorldPuppetHost {
  readonly id: string;
  /** The world server logs the account in whenever a client starts the puppet (a gateway does). */
  readonly loginOnStart: boolean;
  /**
   * The puppet is the bot's own (the in-process sandbox) rather than a gateway's: it then carries
   * the bot-side workaround of room-member-dirty.ts, as LinliPuppetService does in production.
   */
  readonly botsOwnPuppet: boolean;
  /** Instead of logging in on start, the account shows a QR code and waits for its scan. */
  readonly requiresScan: boolean;
  login(): void;
  showLoginQr(): void;
  /** Says something in a room or a private chat; returns the message id. */
  say(conversationId: string, content: BotContent): string;
  /** The remark this account keeps for a contact (WeChat's 备注), or null to clear it. */
  setRemark(contactId: string, remark: string | null): void;
  renameRoom(roomId: string, topic: string): void;
}

export class WorldPuppet extends PuppetMock {
  constructor(
    private readonly host: WorldPuppetHost,
    mocker: mock.Mocker,
  ) {
    super({ mocker });
  }

  override async onStart(): Promise<void> {
    await super.onStart();
    if (this.host.loginOnStart) setImmediate(() => this.host.login());
    else if (this.host.requiresScan) setImmediate(() => this.host.showLoginQr());
  }

  private ensureLoggedIn(): void {
    if (!this.isLoggedIn) throw new Error('not logged in');
  }

  // Both return the new message's id, as real puppets do (wechaty-puppet types it `void | string`;
  // the mock narrowed it to void), so that Wechaty's say() resolves to the message sent.
  override async messageSendText(conversationId: string, text: string, mentionIdList?: string[]): Promise<void> {
    this.ensureLoggedIn();
    return this.host.say(conversationId, { text, mentionIds: mentionIdList ?? [] }) as unknown as void;
  }

  override async messageSendFile(conversationId: string, file: FileBoxInterface): Promise<void> {
    this.ensureLoggedIn();
    return this.host.say(conversationId, { image: { base64: await file.toBase64(), name: file.name } }) as unknown as void;
  }

  override async contactRawPayload(id: string): Promise<PUPPET.payloads.Contact> {
    if (this.host.botsOwnPuppet && isRoomId(id)) return roomIdContactPayload(id);
    return super.contactRawPayload(id);
  }

  override async messageImage(messageId: string): Promise<FileBoxInterface> {
    return this.messageFile(messageId);
  }

  override async messageFile(messageId: string): Promise<FileBoxInterface> {
    const json = this.mocker.cacheFileBoxPayload.get(messageId);
    if (!json) throw new Error(`message ${messageId} carries no file`);
    return FileBox.fromJSON(json);
  }

  override contactAlias(contactId: string): Promise<string>;
  override contactAlias(contactId: string, alias: string | null): Promise<void>;
  override async contactAlias(contactId: string, alias?: string | null): Promise<string | void> {
    if (alias === undefined) return this.mocker.contactPayload(contactId).alias ?? '';
    this.host.setRemark(contactId, alias);
  }

  override roomTopic(roomId: string): Promise<string>;
  override roomTopic(roomId: string, topic: string): Promise<void>;
  override async roomTopic(roomId: string, topic?: string): Promise<string | void> {
    if (topic === undefined) return this.mocker.roomPayload(roomId).topic;
    this.ensureLoggedIn();
    this.host.renameRoom(roomId, topic);
  }

  /** Tells the client (Wechaty, or a puppet-service client over gRPC) that a payload changed. */
  changed(type: PUPPET.types.Dirty, id: string): void {
    this.dirtyPayload(type, id);
  }
}
