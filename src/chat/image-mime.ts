// The kind of picture in a base64 string, from its first bytes: puppets do not always say.

/** PNG, JPEG or GIF (else application/octet-stream). */
export function imageMime(base64: string): string {
  if (base64.startsWith('iVBOR')) return 'image/png';
  if (base64.startsWith('/9j/')) return 'image/jpeg';
  if (base64.startsWith('R0lGOD')) return 'image/gif';
  return 'application/octet-stream';
}
