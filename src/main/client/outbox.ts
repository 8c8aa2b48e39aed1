import type { SentDecision } from '../../shared/api/client'
import type { Envelope } from '../../shared/api/errors'
import type { CacheStore, OutboxRow } from './cache-store'
import { Unreachable } from './upstream'

type Call = (method: string, input: unknown, token: string | null) => Promise<Envelope<unknown>>

const PAST = { approve: 'Approved', reject: 'Rejected' } as const

/** What the server's answer to one queued decision means for the operator. */
function outcomeOf(row: OutboxRow, answer: Envelope<unknown>, sentAt: number): SentDecision {
  const base = { leadId: row.leadId, decision: row.decision, sentAt }
  if (answer.ok) {
    const { status } = answer.data as { status: string }
    return { ...base, outcome: 'applied', message: `${PAST[row.decision]}: the lead is now ${status}` }
  }
  const fields = answer.error.fields ?? {}
  if (answer.error.code === 'CONFLICT') {
    const other = fields.decision === 'approve' || fields.decision === 'reject' ? fields.decision : undefined
    return {
      ...base,
      outcome: 'conflict',
      message: answer.error.message,
      ...(fields.decidedBy ? { decidedBy: fields.decidedBy } : {}),
      ...(fields.decidedAt ? { decidedAt: Number(fields.decidedAt) } : {}),
      ...(other ? { otherDecision: other } : {}),
    }
  }
  return { ...base, outcome: 'failed', message: answer.error.message }
}

/**
 * Sends the decisions taken offline, oldest first, each under the decision id it was queued
 * with: a decision the server already took (the client died before it heard the answer) is
 * replayed by the server, never taken twice. A row is settled only after the server answered it.
 */
export class Outbox {
  private running: Promise<void> = Promise.resolve()

  constructor(
    private readonly store: CacheStore,
    private readonly call: Call,
    private readonly now: () => number,
  ) {}

  adopt(userId: number, tokenHash: string): void {
    this.store.adopt(userId, tokenHash)
  }

  /** Sends what waits; flushes asked for while one runs go after it (one sender at a time). */
  flush(tokenFor: (sessionHash: string | null) => string | null): Promise<void> {
    this.running = this.running.then(() => this.send(tokenFor))
    return this.running
  }

  async settled(): Promise<void> {
    await this.running.catch(() => undefined)
  }

  private async send(tokenFor: (sessionHash: string | null) => string | null): Promise<void> {
    for (const row of this.store.pending()) {
      const token = tokenFor(row.sessionHash)
      // Its operator signed out: it waits for their next sign-in (adopt).
      if (!token) continue
      const input =
        row.decision === 'approve'
          ? { id: row.leadId, decisionId: row.decisionId }
          : { id: row.leadId, reason: row.reason, decisionId: row.decisionId }
      let answer: Envelope<unknown>
      try {
        answer = await this.call(`audit/${row.decision}`, input, token)
      } catch (error) {
        // Gone again: the rest stays queued, in order, for the next reconnection.
        if (error instanceof Unreachable) return
        throw error
      }
      if (!answer.ok && answer.error.code === 'UNAUTHENTICATED') continue
      this.store.settle(row.seq, outcomeOf(row, answer, this.now()))
    }
  }
}
