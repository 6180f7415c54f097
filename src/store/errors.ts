/** Unique-constraint violations, as each engine reports them. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string } | null;
  if (!e || typeof e !== 'object') return false;
  // SQLite (better-sqlite3) and PostgreSQL (23505).
  return e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e.code === '23505';
}
