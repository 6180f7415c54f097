/**
 * Split a batch into slices whose sizes are powers of two (largest first). A multi-row statement's
 * SQL depends on its row count; with only a few distinct counts, prepared statements are reused
 * instead of prepared anew for every batch size.
 */
export function* chunks<T>(items: readonly T[], max = 512): Generator<{ offset: number; items: T[] }> {
  let offset = 0;
  while (offset < items.length) {
    let size = max;
    while (size > items.length - offset) size >>= 1;
    yield { offset, items: items.slice(offset, offset + size) };
    offset += size;
  }
}
