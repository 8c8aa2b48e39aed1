import type { StageKind } from '../../../shared/domain/lead'

/**
 * The part of `services.outcomes` the marketplace writes through, so that status, wallet,
 * counters and events agree with every other placement. All calls run inside our transaction.
 */
export interface OutcomesPort {
  assign(a: {
    leadId: number
    customerId: number
    bidId: number | null
    priceCents: number
    stage: StageKind
    message: string
    data?: unknown
    /** The operator who placed the lead (buy now, closing an auction by hand); recorded on the charge. */
    userId?: number | null
  }): void
  posted(a: {
    leadId: number
    partnerId: number
    priceCents: number | null
    postRecordId: number | null
    stage: StageKind
    message: string
    data?: unknown
  }): void
  /** A post that may have sold the lead: it waits for an operator's decision. */
  outcomeUnknown(a: {
    leadId: number
    partnerId: number
    postRecordId: number | null
    priceCents: number | null
    stage: StageKind
    remaining: number
    message: string
  }): void
  unassigned(a: { leadId: number; stage: StageKind | null; message: string; data?: unknown }): void
  event(leadId: number, stage: string, kind: string, message: string, data?: unknown): void
}
