// The kinds of message someone in the simulated world may post, and what a transcript line holds.
import * as PUPPET from 'wechaty-puppet';

/**
 * Extension: the kinds of message a sandbox post may be (default text). Each becomes the Wechaty
 * message type a real puppet delivers for it; `text` then stands for its title or payload.
 */
export const WORLD_MESSAGE_TYPES = {
  text: PUPPET.types.Message.Text,
  image: PUPPET.types.Message.Image,
  voice: PUPPET.types.Message.Audio,
  video: PUPPET.types.Message.Video,
  file: PUPPET.types.Message.Attachment,
  link: PUPPET.types.Message.Url,
  mini_program: PUPPET.types.Message.MiniProgram,
  red_packet: PUPPET.types.Message.RedEnvelope,
  transfer: PUPPET.types.Message.Transfer,
  emoticon: PUPPET.types.Message.Emoticon,
  recalled: PUPPET.types.Message.Recalled,
  system: PUPPET.types.Message.GroupNote,
  contact_card: PUPPET.types.Message.Contact,
  location: PUPPET.types.Message.Location,
  chat_history: PUPPET.types.Message.ChatHistory,
  other: PUPPET.types.Message.Unknown,
} as const;
export type WorldMessageType = keyof typeof WORLD_MESSAGE_TYPES;

/** One line of a group's or a private chat's transcript, as the message routes return it. */
export interface TranscriptEntry {
  id: string;
  from: string;
  fromName: string;
  text: string;
  type: WorldMessageType;
  at: string;
}

/** Something was said somewhere: `chat` is a room id, or `dm:<contactId>` for a private chat with the bot. */
export interface WorldChatEvent {
  chat: string;
  message: TranscriptEntry;
}

/** 16×16 PNG standing in for a resident's photo. */
export const SAMPLE_PHOTO_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAABv0lEQVR4nAXBoRJFQAAAQF8sCUa6ZATBSJfMhheMdMkIgpEuiqIo+oS3W9RykDt5kKNMnuUkb/IhZ/mSb/mRX/mTi9oZnJ1zcEYn5+xMzs15OLPzct7Ox/k6P2dR24O9sw/2aGef7cm+2Q97tl/22/7YX/tnL2prsHbWwRqtrLM1WTfrYc3Wy3pbH+tr/axFLQWpkwYpSqRZStImHVKWLumWHumVPqmoLcHSWQZLtLDMlmTZLIclWy7LbXksr+WzFLVf8Ov8Br/ox2/2S36b3+GX/S6/2+/xe/0+v6I2BVNnGkzRxDSbkmkzHaZsuky36TG9ps9U1GIQO3EQo0icxSRu4iFm8RJv8RFf8ROL2hiMnXEwRiPjbEzGzXgYs/Ey3sbH+Bo/Y1Hrg77TD/qop5/1Sb/pD33WX/pb/+hf/acvam3QdtpBG7W0szZpN+2hzdpLe2sf7av9tEUtBKETBiEKhFlIwiYcQhYu4RYe4RU+oag1QdNpBk3U0MyapNk0hyZrLs2teTSv5tMUtSqoOtWgiiqqWZVUm+pQZdWlulWP6lV9qqJWBmWnHJRRSTkrk3JTHsqsvJS38lG+yk/5B6tE7xC6z5bdAAAAAElFTkSuQmCC';
