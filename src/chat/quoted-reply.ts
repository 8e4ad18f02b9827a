// wechat4u delivers a quoted reply as one text: 「name：quoted」, a line of "- " pairs, then the
// reply. Split it so the reply is parsed on its own and the quote is kept for context (e.g. the
// ticket number on the card a staff member replied to). Pure: no Wechaty types.

export interface SplitQuotedReply {
  quoted: { name: string; text: string } | null;
  text: string;
}

// Lazy quoted part: it may span lines and contain 」, but ends at the first 」 + divider line.
const QUOTE_FORMAT = /^\s*「([^：:\n]*)[：:]([\s\S]*?)」[ \t]*\r?\n[ \t]*(?:-[ \t]*){3,}(?:\r?\n([\s\S]*))?$/;

export function splitQuotedReply(text: string): SplitQuotedReply {
  const m = QUOTE_FORMAT.exec(text);
  if (!m) return { quoted: null, text };
  return { quoted: { name: m[1].trim(), text: m[2].trim() }, text: (m[3] ?? '').trim() };
}
