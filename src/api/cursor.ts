import { InvalidRequestError } from '../errors.js';

/** Opaque cursors: base64url JSON, checked on the way back in. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(raw: string | undefined, check: (v: any) => boolean): T | null {
  if (raw === undefined || raw === '') return null;
  try {
    const v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (v && typeof v === 'object' && check(v)) return v as T;
  } catch {
    // fall through to the error below
  }
  throw new InvalidRequestError(
    'The cursor is not one this API gave out. Pass the `nextCursor` of the previous page unchanged, or omit it for the first page.',
    undefined,
    'invalid_cursor',
  );
}
