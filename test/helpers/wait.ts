/**
 * Poll `fn` until it returns something truthy, and return that; fail with "timed out waiting for
 * <what>" after `timeoutMs`. For conditions a test cannot be told about (another process's work,
 * a mail server, a network), never for timing assertions.
 */
export async function waitUntil<T>(
  fn: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  what: string,
  timeoutMs = 15_000,
  pollMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
