// A chat message as the app sees it: the chat adapter's output, free of Wechaty types.

export type MessageKind =
  | 'text'
  | 'image'
  | 'voice'
  | 'video'
  | 'file'
  | 'link'
  | 'mini_program'
  | 'red_packet'
  | 'emoticon'
  | 'recalled'
  | 'system'
  | 'other';

export interface InboundMessage {
  /** Platform message id: the key for idempotency. */
  id: string;
  roomId: string;
  senderId: string;
  senderName: string;
  /** Text as typed, with any quoted part removed (see `quoted`). Empty for non-text messages. */
  text: string;
  kind: MessageKind;
  /** The bot was @-mentioned. */
  mentionsBot: boolean;
  /** Contacts @-mentioned other than the bot. */
  mentions: Array<{ id: string; name: string }>;
  /** A quoted reply: who was quoted and what they said. */
  quoted: { name: string; text: string } | null;
  at: Date;
  /** The picture of an image message, when the platform could give it. */
  image?: { base64: string; mime: string } | null;
  /**
   * The bot account that received it. Several accounts in one group all receive its messages with
   * the same id: the first to store it handles it, and its acknowledgement is said by that account.
   */
  accountId?: string;
}
