import type { StageKind } from '../../../shared/domain/lead'
import type { Executor } from '../../db/executor'

export interface AssignOutcome {
  leadId: number
  customerId: number
  bidId: number | null
  priceCents: number
  stage: StageKind
  message: string
  data?: unknown
  /** The operator who placed the lead (buy now, closing an auction by hand); recorded on the charge. */
  userId?: number | null
}

export interface PostedOutcome {
  leadId: number
  partnerId: number
  priceCents: number | null
  postRecordId: number | null
  stage: StageKind
  message: string
  data?: unknown
}

/** A post that may have sold the lead: it waits for an operator's decision. */
export interface UnknownOutcome {
  leadId: number
  partnerId: number
  postRecordId: number | null
  priceCents: number | null
  stage: StageKind
  remaining: number
  message: string
}

export interface UnassignedOutcome {
  leadId: number
  stage: StageKind | null
  message: string
  data?: unknown
}

/**
 * The part of `services.outcomes` the marketplace writes through, so that status, wallet,
 * counters and events agree with every other placement. Every call runs in the caller's unit of
 * work: `db` is its transaction.
 */
export interface OutcomesPort {
  assign(db: Executor, a: AssignOutcome): Promise<void>
  posted(db: Executor, a: PostedOutcome): Promise<void>
  outcomeUnknown(db: Executor, a: UnknownOutcome): Promise<void>
  unassigned(db: Executor, a: UnassignedOutcome): Promise<void>
  event(db: Executor, leadId: number, stage: string, kind: string, message: string, data?: unknown): Promise<void>
}
