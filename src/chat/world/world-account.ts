// One bot account's view of the simulated world: its own mock puppet, holding every person as a
// contact and the groups this account sits in. Messages reach the bot only while it is logged in
// and something listens to the puppet (Wechaty in this process, or a client's event stream on the
// world server); what arrives meanwhile is held and delivered, in order, once both hold again —
// as a gateway keeps a client's messages across a reconnection.
import { randomUUID } from 'node:crypto';
import { mock } from 'wechaty-puppet-mock';
import * as PUPPET from 'wechaty-puppet';
import { FileBox } from 'file-box';
import { WorldPuppet, type BotContent, type WorldPuppetHost } from './world-puppet.js';
import type { WorldAccountRef } from './world-placement.js';

/** The world, as an account needs it to act. */
export interface WorldForAccount {
  accountSays(account: WorldAccount, conversationId: string, content: BotContent): string;
  renameRoom(roomId: string, topic: string, by?: string): void;
}

export interface RoomShape {
  id: string;
  topic: string;
  members: string[];
  ownerId: string;
}

export class WorldAccount implements WorldPuppetHost {
  readonly mocker = new mock.Mocker();
  readonly puppet: WorldPuppet;
  private readonly self: ReturnType<mock.Mocker['createContact']>;
  private online = false;
  private readonly held: string[] = [];
  /** Told each held message id just before it is delivered (sandbox settle bookkeeping). */
  onRelease: ((id: string) => void) | null = null;
  /** Log in by a QR code's scan rather than at start (World's `scanToLogin`). */
  requiresScan = false;
  private qrCode: string | null = null;

  constructor(
    private readonly world: WorldForAccount,
    readonly ref: WorldAccountRef,
    readonly loginOnStart: boolean,
    readonly botsOwnPuppet: boolean,
  ) {
    this.puppet = new WorldPuppet(this, this.mocker);
    this.self = this.mocker.createContact({ id: ref.id, name: ref.name });
    this.puppet.on('login', () => {
      this.online = true;
      // After the login's own listeners (Wechaty's included) have run.
      setImmediate(() => this.releaseHeld());
    });
    this.puppet.on('logout', () => {
      this.online = false;
    });
    // A client's event stream attaches by listening to the puppet's events.
    (this.puppet as unknown as NodeJS.EventEmitter).on('newListener', (event: string | symbol) => {
      if (event === 'message') setImmediate(() => this.releaseHeld());
    });
  }

  /** Logged in, and a bot hears this account's messages. */
  get isConnected(): boolean {
    return this.online && this.puppet.listenerCount('message') > 0;
  }

  get id(): string {
    return this.ref.id;
  }

  get name(): string {
    return this.ref.name;
  }

  addContact(id: string, name: string): void {
    this.mocker.createContact({ id, name, alias: undefined });
  }

  renameContact(id: string, name: string): void {
    this.mocker.contactPayload(id).name = name;
    this.puppet.changed(PUPPET.types.Dirty.Contact, id);
  }

  setRemark(contactId: string, remark: string | null): void {
    this.mocker.contactPayload(contactId).alias = remark ?? undefined;
    this.puppet.changed(PUPPET.types.Dirty.Contact, contactId);
  }

  hasRoom(roomId: string): boolean {
    return this.mocker.cacheRoomPayload.has(roomId);
  }

  /** The account now sits in this group (at start, or because it was added or created one). */
  addRoom(room: RoomShape): void {
    this.mocker.createRoom({ id: room.id, topic: room.topic, memberIdList: [...room.members], ownerId: room.ownerId });
  }

  setMembers(roomId: string, members: string[]): void {
    this.mocker.roomPayload(roomId).memberIdList = [...members];
    this.puppet.changed(PUPPET.types.Dirty.Room, roomId);
  }

  /** Someone added people to a group this account is in (the account itself, when it was added). */
  roomJoin(roomId: string, inviteeIds: string[], inviterId: string, at: Date): void {
    this.puppet.emit('room-join', { roomId, inviteeIdList: inviteeIds, inviterId, timestamp: at.getTime() });
  }

  roomTopic(roomId: string, newTopic: string, changerId: string, at: Date): void {
    const payload = this.mocker.roomPayload(roomId);
    const oldTopic = payload.topic;
    payload.topic = newTopic;
    this.puppet.changed(PUPPET.types.Dirty.Room, roomId);
    this.puppet.emit('room-topic', { roomId, newTopic, oldTopic, changerId, timestamp: at.getTime() });
  }

  /** A message reaches this account: stored in its puppet, delivered now or at the next login. */
  receive(payload: PUPPET.payloads.Message, imageBase64?: string, imageName = 'photo.png'): void {
    this.mocker.MessageMock.create({ ...payload } as PUPPET.payloads.Message);
    if (imageBase64) this.mocker.cacheFileBoxPayload.set(payload.id, FileBox.fromBase64(imageBase64, imageName).toJSON());
    this.deliver(payload.id);
  }

  /** Has this account got this message (to deliver it again, as after a reconnect)? */
  hasMessage(id: string): boolean {
    return this.mocker.cacheMessagePayload.has(id);
  }

  deliver(id: string): void {
    if (this.isConnected && this.held.length === 0) this.puppet.emit('message', { messageId: id });
    else this.held.push(id);
  }

  isHeld(id: string): boolean {
    return this.held.includes(id);
  }

  login(): void {
    if (this.puppet.isLoggedIn) return;
    this.qrCode = null;
    this.mocker.login(this.self);
  }

  /** The QR code waiting for a scan (its payload), if any. */
  get pendingQrCode(): string | null {
    return this.qrCode;
  }

  /** Shows the client a fresh login QR code (a gateway forwards it as a `scan` event). */
  showLoginQr(): void {
    if (this.puppet.isLoggedIn || !this.puppet.state.active()) return;
    this.qrCode = `linli-world://login/${this.id}/${randomUUID()}`;
    this.puppet.emit('scan', { qrcode: this.qrCode, status: PUPPET.types.ScanStatus.Waiting });
  }

  /** The account's owner scans the QR code and confirms on the phone: the bot logs in. */
  scan(): boolean {
    if (!this.qrCode) return false;
    this.puppet.emit('scan', { qrcode: this.qrCode, status: PUPPET.types.ScanStatus.Scanned });
    this.login();
    return true;
  }

  /** WeChat logs the account out (from the phone, or a risk check); a scan brings it back. */
  async kickOut(reason: string): Promise<void> {
    if (!this.puppet.isLoggedIn) return;
    await this.logout(reason);
    if (this.requiresScan) this.showLoginQr();
  }

  async logout(reason: string): Promise<void> {
    await this.puppet.logout(reason);
  }

  /** Logs in and delivers what was held meanwhile, in order; returns the ids delivered. */
  relogin(): string[] {
    this.login();
    this.online = true;
    return this.releaseHeld();
  }

  private releaseHeld(): string[] {
    if (!this.isConnected) return [];
    const ids = this.held.splice(0);
    for (const id of ids) {
      this.onRelease?.(id);
      this.puppet.emit('message', { messageId: id });
    }
    return ids;
  }

  say(conversationId: string, content: BotContent): string {
    return this.world.accountSays(this, conversationId, content);
  }

  renameRoom(roomId: string, topic: string): void {
    this.world.renameRoom(roomId, topic, this.id);
  }
}
