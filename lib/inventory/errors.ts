// What can go wrong when changing inventory, in words both the CLI (one line) and the API (400, 404,
// 409 with { error: { code, message } }) can pass on unchanged.
export type InventoryProblem = "invalid" | "not_found" | "conflict";

export class InventoryError extends Error {
  constructor(
    readonly problem: InventoryProblem,
    message: string,
  ) {
    super(message);
  }
}

/** Prisma's unique-constraint violation: two requests created the same thing at once. */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === "P2002";
}
