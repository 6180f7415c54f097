/**
 * Phone numbers in E.164 (`+` and 8 to 15 digits), so one person's number matches across
 * channels whatever way a provider, a network or an agent wrote it.
 *
 * A number written without `+` or `00` is read as already carrying its country code, which is
 * how telephony providers and WhatsApp ids write them (`34600111222`). A national number
 * (`600 111 222`) cannot be told apart from that, so agents are asked for the `+` form.
 */
export function normalizePhone(raw: string | null | undefined): string | null {
  if (typeof raw !== 'string') return null;
  const trimmed = raw.trim();
  // Separators people and providers use; anything else (letters, extensions) is not a number we match on.
  const compact = trimmed.replace(/[\s().\-/\u00a0]/g, '');
  let digits: string;
  if (compact.startsWith('+')) digits = compact.slice(1);
  else if (compact.startsWith('00')) digits = compact.slice(2);
  else digits = compact;
  if (!/^[1-9]\d{7,14}$/.test(digits)) return null;
  return `+${digits}`;
}

/** The spellings of one E.164 number that other channels store as ids (`+34…`, `34…`, `0034…`). */
export function phoneSpellings(e164: string): string[] {
  const digits = e164.replace(/^\+/, '');
  return [`+${digits}`, digits, `00${digits}`];
}
