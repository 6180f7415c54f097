/**
 * Rules for files customers send: what their names and types may look like once stored, and how a
 * download names them. A file's name and type come from the sender and are never trusted as given.
 */

/** "type/subtype" in lower case, or application/octet-stream when the value is not one. */
export function safeContentType(value: string | null | undefined): string {
  const t = (value ?? '').split(';')[0]!.trim().toLowerCase();
  return t.length <= 127 && /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(t) ? t : 'application/octet-stream';
}

/** The name without any path, control characters or leading dots; null when nothing is left. */
export function safeFilename(value: string | null | undefined): string | null {
  const base = (value ?? '').split(/[\\/]/).pop() ?? '';
  const clean = base
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 200)
    .trim();
  return clean || null;
}

/**
 * A Content-Disposition that always downloads (never shows the file in the page), with an ASCII name
 * for old clients and the exact UTF-8 name (RFC 6266 / RFC 8187) for the rest.
 */
export function attachmentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_') || 'attachment';
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
