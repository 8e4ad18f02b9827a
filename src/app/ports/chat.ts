// The chat platform as the app sees it: say one outbox item; private chats addressed like rooms.
import { CodedError } from '../../domain/coded-error.js';
import type { OutboxItem } from './outbox.js';

/**
 * A private chat with one person. The outbox addresses it where a room id would go, as
 * `dm:<contactId>`: WeChat room ids end in "@chatroom" and contact ids never start with "dm:".
 */
export const PRIVATE_CHAT_PREFIX = 'dm:';
export const privateChatId = (contactId: string): string => `${PRIVATE_CHAT_PREFIX}${contactId}`;
/** The contact a private-chat address names, or null for a room id. */
export const contactOfPrivateChat = (roomId: string): string | null =>
  roomId.startsWith(PRIVATE_CHAT_PREFIX) ? roomId.slice(PRIVATE_CHAT_PREFIX.length) : null;

/** Sends one message to the chat platform. Throws ChatSendError when the platform refuses. */
export interface ChatPort {
  send(message: OutboxItem): Promise<void>;
  /**
   * Sets the remark (备注) the bot's account keeps for a contact. A bound person carries one, so
   * that on puppets whose contact ids change at every login (wechat4u) their binding follows them.
   */
  setRemark(contactId: string, remark: string): Promise<void>;
}

export class ChatSendError extends CodedError {
  readonly code = 'chat_send_failed';
  constructor(message: string, retryable = true) {
    super(message, retryable);
  }
}
