// Unicode format characters (category Cf: zero-width spaces and joiners, bidi overrides and
// isolates, soft hyphens, tag characters) are invisible: "认\u200b领 3" looks like a command but
// would not parse, a phone number split by them slips past the masking, and a bidi override in a
// relayed note can make a message read backwards. They are removed from everything people type,
// before any command is parsed and before any text is relayed. The one kept is the zero-width
// joiner inside an emoji sequence (👨‍👩‍👧), where it carries meaning and cannot hide a word.
const FORMAT_CHAR = /\p{Cf}/gu;
const HAS_FORMAT_CHAR = /\p{Cf}/u;
const PICTOGRAPH_BEFORE = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F]$/u;
const PICTOGRAPH_AFTER = /^\p{Extended_Pictographic}/u;

export function stripFormatChars(text: string): string {
  if (!HAS_FORMAT_CHAR.test(text)) return text;
  return text.replace(FORMAT_CHAR, (char, offset: number, whole: string) => {
    if (char !== '\u200d') return '';
    const joinsEmoji = PICTOGRAPH_BEFORE.test(whole.slice(Math.max(0, offset - 2), offset)) && PICTOGRAPH_AFTER.test(whole.slice(offset + 1, offset + 3));
    return joinsEmoji ? char : '';
  });
}
