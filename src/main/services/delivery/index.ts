import type { DeliveryAttempt, DeliveryStatus } from '../../../shared/api/deliveries'
import { invalidState, notFound } from '../../../shared/api/errors'
import { type Delivery, deliverySchema } from '../../../shared/domain/config'
import type { Page } from '../../../shared/domain/page'
import type { Executor } from '../../db/executor'
import { type DeliverableLead, DeliveriesRepository } from '../../db/repositories/deliveries'
import { inTransaction } from '../../db/transaction'
import type { AuditLog } from '../audit-log'
import type { Actor, Deps } from '../deps'
import { delayBefore, truncate, WEBHOOK_TIMEOUT_MS } from './backoff'
import { deliveryRequest } from './payload'

interface Due {
  leadId: number
  /** Attempt number within the current round (1 = first try after assignment or re-send). */
  round: number
  dueAt: number
  /** Which round this belongs to; a re-send starts a new one and retries of older rounds stop. */
  generation: number
}

type Webhook = Extract<Delivery, { method: 'webhook' }>

/**
 * Delivers assigned leads to their customer's webhook after the assignment commits. Attempts are
 * kept in a small in-memory queue ordered by due time; `processDue(now)` sends what is due, so
 * the app drives it with a timer and tests drive it by moving a fake clock. Leads still pending
 * at start-up are picked up again by `resumePending()`.
 *
 * An attempt waits for the transaction that queued it to end, claims the lead's pending delivery
 * (a guarded UPDATE: a rolled-back assignment is skipped), commits, sends with no transaction
 * open, then records what came back in a unit of work of its own.
 */
export class DeliveryService {
  readonly repo = new DeliveriesRepository()
  private queue: Due[] = []
  private readonly inflight = new Set<Promise<unknown>>()
  private kickScheduled = false
  private timer: NodeJS.Timeout | null = null
  /** The timer's turn under way; the next turn is skipped while it runs. */
  private turn: Promise<void> | null = null
  /** The current round of each lead with a delivery under way (ids from one counter, never reused). */
  private readonly generations = new Map<number, number>()
  private lastGeneration = 0

  constructor(
    private readonly deps: Deps,
    private readonly auditLog: AuditLog,
    private readonly fetchImpl: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  /**
   * Called by the engine in its assignment's unit of work (`db`): the lead is marked pending
   * there, and the first attempt waits for that transaction (a rolled-back assignment is skipped).
   */
  enqueue(db: Executor, leadId: number): Promise<void> {
    return this.track(this.mark(db, leadId))
  }

  private async mark(db: Executor, leadId: number): Promise<void> {
    const lead = await this.repo.lead(db, leadId)
    if (!lead || webhookOf(lead.customerDelivery) === null) return
    // Marked inside the caller's transaction, so a crash before sending leaves it resumable.
    if ((await this.repo.markPending(db, leadId)) === 0) return
    await this.repo.holdWhileQueuing(db, this.deps.dialect, leadId)
    this.startRound(leadId, this.deps.clock.now())
  }

  /** An operator sends an assigned lead again (a fresh round of retries). */
  async resend(actor: Actor, leadId: number): Promise<{ deliveryStatus: DeliveryStatus }> {
    await inTransaction(this.deps.db, async (trx) => {
      const lead = await this.repo.lead(trx, leadId)
      if (!lead) throw notFound('Lead')
      if (lead.status !== 'Assigned' || lead.customerId === null)
        throw invalidState('Only an assigned lead can be delivered to its customer')
      if (webhookOf(lead.customerDelivery) === null)
        throw invalidState('This customer has no webhook delivery configured')
      if ((await this.repo.markPending(trx, leadId)) === 0)
        throw invalidState('Only an assigned lead can be delivered to its customer')
      await this.auditLog.write(
        trx,
        actor,
        'lead.resend',
        { type: 'lead', id: lead.uuid },
        'Re-sent to the customer webhook',
        { before: { deliveryStatus: lead.deliveryStatus } },
      )
    })
    this.startRound(leadId, this.deps.clock.now())
    this.deps.events.emit('changed', { areas: ['leads', 'deliveries'] })
    return { deliveryStatus: 'pending' }
  }

  async list(input: {
    leadId?: number
    status?: DeliveryStatus
    page: number
    pageSize: number
  }): Promise<Page<DeliveryAttempt>> {
    return this.repo.list(this.deps.db, input)
  }

  /** Re-queues deliveries a restart interrupted. */
  async resumePending(): Promise<number> {
    const ids = await this.repo.pendingLeadIds(this.deps.db)
    const now = this.deps.clock.now()
    for (const id of ids) if (!this.queue.some((d) => d.leadId === id)) this.startRound(id, now)
    return ids.length
  }

  /** Sends every attempt due at `now`; resolves when they have been recorded. */
  async processDue(now = this.deps.clock.now()): Promise<void> {
    const due = this.queue.filter((d) => d.dueAt <= now)
    if (due.length > 0) this.queue = this.queue.filter((d) => d.dueAt > now)
    await Promise.all(due.map((d) => this.track(this.attempt(d))))
  }

  /** Resolves once nothing is being sent and no immediate attempt is waiting. */
  async idle(): Promise<void> {
    while (this.kickScheduled || this.inflight.size > 0) {
      if (this.inflight.size > 0) await Promise.allSettled([...this.inflight])
      else await new Promise((r) => setImmediate(r))
    }
  }

  /** Due times still waiting, for tests and diagnostics. */
  scheduled(): { leadId: number; dueAt: number }[] {
    return this.queue.map((d) => ({ leadId: d.leadId, dueAt: d.dueAt }))
  }

  start(intervalMs = 1_000): void {
    if (this.timer) return
    void this.track(
      this.resumePending().catch((error: unknown) => console.error('Resuming webhook deliveries failed:', error)),
    )
    this.timer = setInterval(() => {
      // A turn still sending when the next one is due: that next one is skipped.
      if (this.turn) return
      this.turn = this.track(this.processDue())
        .catch((error: unknown) => console.error('Webhook delivery failed:', error))
        .finally(() => (this.turn = null))
    }, intervalMs)
    this.timer.unref()
  }

  /** Stops the timer and waits for what is being sent (and recorded). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.idle()
  }

  /** Starts a fresh round of attempts for the lead; attempts of an older round still in flight stop there. */
  private startRound(leadId: number, dueAt: number): void {
    const generation = ++this.lastGeneration
    this.generations.set(leadId, generation)
    this.queue = this.queue.filter((d) => d.leadId !== leadId)
    this.schedule({ leadId, round: 1, dueAt, generation })
  }

  private schedule(due: Due): void {
    const { dueAt } = due
    this.queue.push(due)
    if (dueAt <= this.deps.clock.now() && !this.kickScheduled) {
      this.kickScheduled = true
      // The attempt's claim waits for the caller's transaction anyway; this only lets it finish first.
      setImmediate(() => {
        this.kickScheduled = false
        this.track(this.processDue()).catch((error: unknown) => console.error('Webhook delivery failed:', error))
      })
    }
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inflight.add(work)
    return work.finally(() => this.inflight.delete(work))
  }

  /**
   * Claims the due attempt and reads what to send, in one unit of work: null when nothing is owed
   * any more (deleted, returned, an assignment that rolled back, delivered or failed meanwhile).
   */
  private async claim(leadId: number): Promise<{ lead: DeliverableLead; webhook: Webhook; keys: string[] } | null> {
    await this.repo.afterQueuing(this.deps.db, this.deps.dialect, leadId)
    return inTransaction(this.deps.db, async (trx) => {
      if (!(await this.repo.claim(trx, leadId))) return null
      const lead = await this.repo.lead(trx, leadId)
      if (!lead || lead.customerId === null || lead.categoryId === null) return null
      const webhook = webhookOf(lead.customerDelivery)
      if (!webhook) {
        // The customer switched to "none" since the lead was queued: nothing is owed any more.
        await this.repo.setStatus(trx, lead.id, null)
        return null
      }
      return { lead, webhook, keys: await this.repo.deliverableKeys(trx, lead.categoryId) }
    })
  }

  private async attempt(due: Due): Promise<void> {
    const claimed = await this.claim(due.leadId)
    if (!claimed) {
      if (this.generations.get(due.leadId) === due.generation) this.generations.delete(due.leadId)
      return
    }
    const { lead, webhook, keys } = claimed
    // No transaction is open from here until the result is recorded.
    const request = deliveryRequest(lead, keys, webhook)
    const { url } = request
    const body = request.body ?? ''
    const started = performance.now()
    let statusCode: number | null = null
    let response: string | null = null
    let error: string | null = null
    try {
      const res = await this.fetchImpl(url, {
        method: request.method,
        headers: request.headers,
        body,
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      })
      statusCode = res.status
      response = truncate(await res.text())
      if (!res.ok) error = `HTTP ${res.status}`
    } catch (cause) {
      const e = cause as Error
      error = e.name === 'TimeoutError' ? `timeout after ${WEBHOOK_TIMEOUT_MS} ms` : `network error: ${e.message}`
    }
    const latencyMs = Math.round(performance.now() - started)
    const ok = error === null
    const now = this.deps.clock.now()
    const current = this.generations.get(lead.id) === due.generation
    const next = ok || !current ? null : delayBefore(due.round + 1)
    // An attempt of a round an operator replaced by a re-send is recorded, but only a success
    // may change the lead's status: the newer round decides the rest.
    const status: DeliveryStatus | null = ok ? 'delivered' : !current ? null : next === null ? 'failed' : 'pending'
    await inTransaction(this.deps.db, async (trx) => {
      await this.repo.insertAttempt(trx, {
        leadId: lead.id,
        customerId: lead.customerId,
        attempt: (await this.repo.lastAttempt(trx, lead.id)) + 1,
        url,
        request: truncate(body),
        response,
        statusCode,
        latencyMs,
        ok,
        error,
        createdAt: now,
      })
      if (status !== null) await this.repo.setStatus(trx, lead.id, status)
    })
    if (next !== null) this.schedule({ ...due, round: due.round + 1, dueAt: now + next })
    else if (current) this.generations.delete(lead.id)
    this.deps.events.emit('changed', { areas: ['leads', 'deliveries'] })
  }
}

/** The customer's webhook settings, or null for "none" (or settings that no longer parse). */
function webhookOf(text: string | null): Webhook | null {
  let value: unknown = null
  try {
    value = JSON.parse(text ?? '')
  } catch {
    return null
  }
  const parsed = deliverySchema.safeParse(value)
  return parsed.success && parsed.data.method === 'webhook' ? parsed.data : null
}
