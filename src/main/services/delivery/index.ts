import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import type { DeliveryAttempt, DeliveryStatus } from '../../../shared/api/deliveries'
import { invalidState, notFound } from '../../../shared/api/errors'
import { type Delivery, deliverySchema } from '../../../shared/domain/config'
import type { Page } from '../../../shared/domain/page'
import type { Executor } from '../../db/executor'
import { type DeliverableLead, DeliveriesRepository } from '../../db/repositories/deliveries'
import { type DeliveryClaim, deliveryQueueRepository } from '../../db/repositories/delivery-queue'
import { inTransaction } from '../../db/transaction'
import type { AuditLog } from '../audit-log'
import type { Actor, Deps } from '../deps'
import { CLAIM_LEASE_MS, delayBefore, truncate, WEBHOOK_TIMEOUT_MS } from './backoff'
import type { BuiltRequest } from '../../engine/template/serialize'
import { deliveryRequest } from './payload'

type Webhook = Extract<Delivery, { method: 'webhook' }>

/** Most attempts one process claims per turn; the rest wait for its next turn (or another process). */
const BATCH = 50

/** This process's name in claims (host, pid and a random part, so two services in one process differ). */
function processOwner(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`
}

/**
 * Delivers assigned leads to their customer's webhook, each attempt once across every process on
 * the database. What is owed lives in the `delivery_queue` table (one row per lead: round, due
 * time, claim), written in the unit of work that assigns the lead or re-sends it, so retries
 * outlive the process that scheduled them. Every process sends what is due (`processDue(now)`,
 * driven by a timer in the app and by a fake clock in tests) after claiming each row with a
 * guarded UPDATE, a lease another process takes over if this one dies mid-send. The process that
 * queued a lead also sends its first attempt as soon as the queuing unit of work ends.
 *
 * An attempt: claim and read what to send in one unit of work, send with no transaction open,
 * then record the attempt, the lead's status and the next due time (or the row's removal) in
 * another, guarded on the claim still being the row's.
 */
export class DeliveryService {
  readonly repo = new DeliveriesRepository()
  private readonly queue = deliveryQueueRepository
  private readonly inflight = new Set<Promise<unknown>>()
  /** Leads to send at once (first attempt), and whether to wait for the unit of work queuing them. */
  private readonly kicks = new Map<number, boolean>()
  private kickScheduled = false
  private timer: NodeJS.Timeout | null = null
  /** The timer's turn under way; the next turn is skipped while it runs. */
  private turn: Promise<void> | null = null
  /** Claims made by this service, numbering each claim's token. */
  private claims = 0

  constructor(
    private readonly deps: Deps,
    private readonly auditLog: AuditLog,
    private readonly fetchImpl: typeof fetch = (input, init) => fetch(input, init),
    /** Names this process in its claims. */
    readonly owner: string = processOwner(),
  ) {}

  /**
   * Called by the engine in its assignment's unit of work (`db`): the lead is marked pending and
   * its round queued there, so a rolled-back assignment queues nothing. The first attempt is sent
   * from here once that unit of work ends.
   */
  enqueue(db: Executor, leadId: number): Promise<void> {
    return this.track(this.mark(db, leadId))
  }

  private async mark(db: Executor, leadId: number): Promise<void> {
    const lead = await this.repo.lead(db, leadId)
    if (!lead || webhookOf(lead.customerDelivery) === null) return
    if ((await this.repo.markPending(db, leadId)) === 0) return
    await this.queue.startRound(db, leadId, this.deps.clock.now())
    await this.repo.holdWhileQueuing(db, this.deps.dialect, leadId)
    this.kick(leadId, true)
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
      // Replaces a round still waiting: its retries are never sent; one under way records its
      // attempt, but only a success of it may change the lead's status.
      await this.queue.startRound(trx, leadId, this.deps.clock.now())
      await this.auditLog.write(
        trx,
        actor,
        'lead.resend',
        { type: 'lead', id: lead.uuid },
        'Re-sent to the customer webhook',
        { before: { deliveryStatus: lead.deliveryStatus } },
      )
    })
    this.kick(leadId, false)
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

  /**
   * Queues any pending delivery the queue does not hold (marked pending outside it, e.g. by an
   * older version). Deliveries a stopped process left are already queued: the rows outlive it.
   * Idempotent, so every process may run it at start-up.
   */
  async resumePending(): Promise<number> {
    return this.queue.repair(this.deps.db, this.deps.clock.now())
  }

  /**
   * Claims the attempts due at `now` that no live claim holds (at most one batch) and sends them;
   * resolves when they have been recorded. Processes racing for the same attempt: one sends it.
   */
  async processDue(now = this.deps.clock.now()): Promise<void> {
    const due = await this.queue.due(this.deps.db, now, BATCH)
    await Promise.all(due.map((leadId) => this.track(this.attempt(leadId, now))))
  }

  /** Resolves once nothing is being sent and no immediate attempt is waiting (in this process). */
  async idle(): Promise<void> {
    while (this.kickScheduled || this.inflight.size > 0) {
      if (this.inflight.size > 0) await Promise.allSettled([...this.inflight])
      else await new Promise((r) => setImmediate(r))
    }
  }

  /** Due times of every delivery owed (whichever process will send it), for tests and diagnostics. */
  async scheduled(): Promise<{ leadId: number; dueAt: number }[]> {
    return this.queue.scheduled(this.deps.db)
  }

  start(intervalMs = 1_000): void {
    if (this.timer) return
    this.runTurn(async () => {
      await this.resumePending()
      await this.processDue()
    })
    this.timer = setInterval(() => this.runTurn(() => this.processDue()), intervalMs)
    this.timer.unref()
  }

  /** Stops the timer and waits for what is being sent (and recorded). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.idle()
  }

  /** A turn of the timer; one still sending when the next is due makes that next one skipped. */
  private runTurn(work: () => Promise<void>): void {
    if (this.turn) return
    this.turn = this.track(work())
      .catch((error: unknown) => console.error('Webhook delivery failed:', error))
      .finally(() => (this.turn = null))
  }

  /**
   * Sends the lead's first attempt at once rather than at the next turn. `afterQueuing`: the unit
   * of work queuing it may still be open, and the claim waits for it to end (on SQLite the single
   * connection already orders it after that unit).
   */
  private kick(leadId: number, afterQueuing: boolean): void {
    this.kicks.set(leadId, afterQueuing || (this.kicks.get(leadId) ?? false))
    if (this.kickScheduled) return
    this.kickScheduled = true
    // The claim waits for the caller's unit of work anyway; this only lets it finish first.
    setImmediate(() => {
      this.kickScheduled = false
      const kicks = [...this.kicks]
      this.kicks.clear()
      this.track(this.sendNow(kicks)).catch((error: unknown) => console.error('Webhook delivery failed:', error))
    })
  }

  /**
   * Waits for the queuing units of work one lead after another, so that the leads one unit queued
   * (a bulk run) hold one connection between them while it lasts, and sends them side by side. A
   * lead not sent from here (an error, this process stopping) stays queued for the next turn.
   */
  private async sendNow(kicks: [number, boolean][]): Promise<void> {
    const sends: Promise<void>[] = []
    for (const [leadId, afterQueuing] of kicks) {
      if (afterQueuing) await this.repo.afterQueuing(this.deps.db, this.deps.dialect, leadId)
      sends.push(
        this.track(this.attempt(leadId, this.deps.clock.now())).catch((error: unknown) =>
          console.error('Webhook delivery failed:', error),
        ),
      )
    }
    await Promise.all(sends)
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inflight.add(work)
    return work.finally(() => this.inflight.delete(work))
  }

  /**
   * Claims the lead's due attempt and reads what to send, in one unit of work that first locks the
   * lead: null when another process holds or took it, or when nothing is owed any more (deleted,
   * returned, delivered by an older round, the customer's webhook removed); the row of a delivery
   * no longer owed is removed.
   */
  private async claim(
    leadId: number,
    now: number,
  ): Promise<{ claim: DeliveryClaim; lead: DeliverableLead; webhook: Webhook; keys: string[] } | null> {
    return inTransaction(this.deps.db, async (trx) => {
      const locked = await this.queue.lockLead(trx, leadId)
      if (!locked) return null
      if (locked.status !== 'Assigned' || locked.deliveryStatus !== 'pending') {
        await this.queue.drop(trx, leadId, now)
        return null
      }
      const claim = await this.queue.claim(trx, leadId, `${this.owner}#${++this.claims}`, now, now + CLAIM_LEASE_MS)
      if (!claim) return null
      const lead = await this.repo.lead(trx, leadId)
      if (!lead || lead.customerId === null || lead.categoryId === null) {
        await this.queue.settle(trx, claim, null)
        return null
      }
      const webhook = webhookOf(lead.customerDelivery)
      if (!webhook) {
        // The customer switched to "none" since the lead was queued: nothing is owed any more.
        await this.repo.setStatus(trx, lead.id, null)
        await this.queue.settle(trx, claim, null)
        return null
      }
      return { claim, lead, webhook, keys: await this.repo.deliverableKeys(trx, lead.categoryId) }
    })
  }

  private async attempt(leadId: number, now: number): Promise<void> {
    const claimed = await this.claim(leadId, now)
    if (!claimed) return
    const { claim, lead, webhook, keys } = claimed
    // No transaction is open from here until the result is recorded.
    let request: BuiltRequest | null = null
    let statusCode: number | null = null
    let response: string | null = null
    let error: string | null = null
    try {
      request = deliveryRequest(lead, keys, webhook)
    } catch (cause) {
      // Recorded as a failed attempt like any other, so the claim ends and the round runs its course.
      error = `request not built: ${(cause as Error).message}`
    }
    const url = request?.url ?? webhook.url
    const body = request?.body ?? ''
    const started = performance.now()
    if (request) {
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
    }
    const latencyMs = Math.round(performance.now() - started)
    const ok = error === null
    const recordedAt = this.deps.clock.now()
    const delay = ok ? null : delayBefore(claim.round + 1)
    const next = delay === null ? null : { round: claim.round + 1, dueAt: recordedAt + delay }
    const recorded = await inTransaction(this.deps.db, async (trx) => {
      // The lead is locked first, as everywhere a delivery is queued or claimed.
      if (!(await this.queue.lockLead(trx, lead.id))) return false
      // Still this claim's round (no re-send meanwhile, no takeover after an expired lease)?
      const current = await this.queue.settle(trx, claim, next)
      // An attempt of a round an operator replaced by a re-send is recorded, but only a success
      // may change the lead's status: the newer round decides the rest.
      const status: DeliveryStatus | null = ok ? 'delivered' : !current ? null : next === null ? 'failed' : 'pending'
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
        createdAt: recordedAt,
      })
      if (status !== null) await this.repo.setStatus(trx, lead.id, status)
      return true
    })
    if (recorded) this.deps.events.emit('changed', { areas: ['leads', 'deliveries'] })
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
