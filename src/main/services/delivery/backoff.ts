/**
 * When each webhook attempt is made, counted from the assignment (or the re-send): at once, then
 * after 30 s, 2 min and 10 min. A customer endpoint that is down for a deploy gets caught by the
 * later attempts; after the last one the lead's delivery is marked failed for an operator to re-send.
 */
export const RETRY_DELAYS_MS: readonly number[] = [0, 30_000, 120_000, 600_000]

/** Delay before attempt `n` (1-based) of a round, or null when the round is over. */
export function delayBefore(attemptInRound: number): number | null {
  return RETRY_DELAYS_MS[attemptInRound - 1] ?? null
}

/** How long one webhook call may take. */
export const WEBHOOK_TIMEOUT_MS = 10_000

/**
 * How long a process's claim on an attempt lasts: the call's timeout plus ample time to read the
 * lead before and record the result after. A live process always records within it; the attempt
 * of a process that died is sent by another one once it ends.
 */
export const CLAIM_LEASE_MS = WEBHOOK_TIMEOUT_MS + 50_000

/** Stored request and response bodies are cut here so one odd endpoint cannot bloat the file. */
export const MAX_STORED_BODY = 64 * 1024

export function truncate(text: string, limit = MAX_STORED_BODY): string {
  return text.length > limit ? text.slice(0, limit) : text
}
