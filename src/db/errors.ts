// Database refusals a service decides on, named so that no service needs to know the client's error codes.

/** A unique index refused the row: another request wrote the same key first. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/** A foreign key refused the change: a row still points at the one being deleted. */
export function isForeignKeyViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2003";
}

/**
 * PostgreSQL aborted the transaction to break a deadlock or a serialisation conflict with another writer: nothing
 * was written, and the same request sent again will normally succeed.
 */
export function isTransactionConflict(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2034";
}
