import type { DeliveryAttempt, DeliveryStatus } from '../../../shared/api/deliveries'
import { invalidState, notFound } from '../../../shared/api/errors'
import { type Delivery, deliverySchema } from '../../../shared/domain/config'
import type { Page } from '../../../shared/domain/page'
import { DeliveriesRepository } from '../../db/repositories/deliveries'
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

/**
 * Delivers assigned leads to their customer's webhook after the assignment commits. Attempts are
 * kept in a small in-memory queue ordered by due time; `processDue(now)` sends what is due, so
 * the app drives it with a timer and tests drive it by moving a fake clock. Leads still pending
 * at start-up are picked up again by `resumePending()`.
 */
export class DeliveryService {
  readonly repo: DeliveriesRepository
  private queue: Due[] = []
  private readonly inflight = new Set<Promise<void>>()
  private kickScheduled = false
  private timer: NodeJS.Timeout | null = null
  /** The current round of each lead with a delivery under way (ids from one counter, never reused). */
  private readonly generations = new Map<number, number>()
  private lastGeneration = 0

  constructor(
    private readonly deps: Deps,
    private readonly auditLog: AuditLog,
    private readonly fetchImpl: typeof fetch = (input, init) => fetch(input, init),
  ) {
    this.repo = new DeliveriesRepository(deps.store)
  }

  /**
   * Called by the engine inside its assignment transaction: nothing is sent until the current
   * synchronous transaction has finished, and a rolled-back assignment is skipped at send time.
   */
  enqueue(leadId: number): void {
    const lead = this.repo.lead(leadId)
    if (!lead || webhookOf(lead.customerDelivery) === null) return
    // Marked inside the caller's transaction, so a crash before sending leaves it resumable.
    this.repo.setStatus(leadId, 'pending')
    this.startRound(leadId, this.deps.clock.now())
  }

  /** An operator sends an assigned lead again (a fresh round of retries). */
  resend(actor: Actor, leadId: number): { deliveryStatus: DeliveryStatus } {
    const lead = this.repo.lead(leadId)
    if (!lead) throw notFound('Lead')
    if (lead.status !== 'Assigned' || lead.customerId === null)
      throw invalidState('Only an assigned lead can be delivered to its customer')
    if (webhookOf(lead.customerDelivery) === null)
      throw invalidState('This customer has no webhook delivery configured')
    this.deps.store.transaction(() => {
      this.repo.setStatus(leadId, 'pending')
      this.auditLog.record(actor, 'lead.resend', { type: 'lead', id: lead.uuid }, 'Re-sent to the customer webhook', {
        before: { deliveryStatus: lead.deliveryStatus },
      })
    })
    this.startRound(leadId, this.deps.clock.now())
    this.deps.events.emit('changed', { areas: ['leads', 'deliveries'] })
    return { deliveryStatus: 'pending' }
  }

  list(input: { leadId?: number; status?: DeliveryStatus; page: number; pageSize: number }): Page<DeliveryAttempt> {
    return this.repo.list(input)
  }

  /** Re-queues deliveries a restart interrupted. */
  resumePending(): number {
    const ids = this.repo.pendingLeadIds()
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
      if (this.inflight.size > 0) await Promise.all([...this.inflight])
      else await new Promise((r) => setImmediate(r))
    }
  }

  /** Due times still waiting, for tests and diagnostics. */
  scheduled(): { leadId: number; dueAt: number }[] {
    return this.queue.map((d) => ({ leadId: d.leadId, dueAt: d.dueAt }))
  }

  start(intervalMs = 1_000): void {
    if (this.timer) return
    this.resumePending()
    this.timer = setInterval(() => void this.track(this.processDue()), intervalMs)
    this.timer.unref()
  }

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
      // setImmediate runs after the caller's synchronous transaction has committed.
      setImmediate(() => {
        this.kickScheduled = false
        void this.track(this.processDue())
      })
    }
  }

  private track(work: Promise<void>): Promise<void> {
    this.inflight.add(work)
    return work.finally(() => this.inflight.delete(work))
  }

  private async attempt(due: Due): Promise<void> {
    const lead = this.repo.lead(due.leadId)
    const webhook = lead ? webhookOf(lead.customerDelivery) : null
    // Deleted, returned, an assignment that rolled back, or a customer without a webhook now.
    if (!lead || !webhook || lead.status !== 'Assigned' || lead.customerId === null || lead.categoryId === null) {
      if (this.generations.get(due.leadId) === due.generation) this.generations.delete(due.leadId)
    }
    if (!lead || lead.status !== 'Assigned' || lead.customerId === null || lead.categoryId === null) return
    if (!webhook) {
      // The customer switched to "none" since the lead was queued: nothing is owed any more.
      if (lead.deliveryStatus === 'pending') this.repo.setStatus(lead.id, null)
      return
    }
    const request = deliveryRequest(lead, this.repo.deliverableKeys(lead.categoryId), webhook)
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
    this.deps.store.transaction(() => {
      this.repo.insertAttempt({
        leadId: lead.id,
        customerId: lead.customerId,
        attempt: this.repo.lastAttempt(lead.id) + 1,
        url,
        request: truncate(body),
        response,
        statusCode,
        latencyMs,
        ok,
        error,
        createdAt: now,
      })
      if (status !== null) this.repo.setStatus(lead.id, status)
    })
    if (next !== null) this.schedule({ ...due, round: due.round + 1, dueAt: now + next })
    else if (current) this.generations.delete(lead.id)
    this.deps.events.emit('changed', { areas: ['leads', 'deliveries'] })
  }
}

/** The customer's webhook settings, or null for "none" (or settings that no longer parse). */
function webhookOf(text: string | null): Extract<Delivery, { method: 'webhook' }> | null {
  let value: unknown = null
  try {
    value = JSON.parse(text ?? '')
  } catch {
    return null
  }
  const parsed = deliverySchema.safeParse(value)
  return parsed.success && parsed.data.method === 'webhook' ? parsed.data : null
}
