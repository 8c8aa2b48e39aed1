import type { Outcomes } from '../distribution/outcomes'

/**
 * The part of the engine's outcomes the marketplace writes through, so that status, wallet,
 * counters and events agree with every other placement. Every call runs in the caller's unit of
 * work: `db` is its transaction.
 */
export type OutcomesPort = Pick<Outcomes, 'assign' | 'posted' | 'outcomeUnknown' | 'unassigned' | 'event'>
