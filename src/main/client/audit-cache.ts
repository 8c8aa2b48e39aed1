import type { AuditItem } from '../../shared/api/audit'
import type { LeadField } from '../../shared/api/leads'
import type { Envelope } from '../../shared/api/errors'
import type { LeadDetail } from '../../shared/domain/lead'
import type { CacheStore } from './cache-store'
import { Unreachable } from './upstream'

type Call = (method: string, input: unknown, token: string | null) => Promise<Envelope<unknown>>

/** The most the server's queue answers in one call (the contract's limit). */
const QUEUE_LIMIT = 500

/**
 * Keeps the cached Audit queue like the server's: the queue itself, and for each lead its detail
 * (with the trace) and field labels, fetched once. Refreshes run one at a time; changes that
 * arrive during one ask for exactly one more.
 */
export class AuditCache {
  private running: Promise<void> | null = null
  private again = false

  constructor(
    private readonly store: CacheStore,
    private readonly call: Call,
  ) {}

  async refresh(token: string): Promise<void> {
    const queue = await this.call('audit/queue', { limit: QUEUE_LIMIT }, token)
    if (!queue.ok) return
    const { total, items } = queue.data as { total: number; items: AuditItem[] }
    this.store.replaceAuditQueue(total, items)
    for (const id of this.store.missingDetails()) {
      const [detail, fields] = await Promise.all([
        this.call('leads/get', { id }, token),
        this.call('leads/fields', { id }, token),
      ])
      if (detail.ok && fields.ok) this.store.saveDetail(id, detail.data as LeadDetail, fields.data as LeadField[])
    }
  }

  /** A refresh after a `changed` event; `done` runs once the cache holds the new state. */
  refreshSoon(token: string, done: () => void): void {
    if (this.running) {
      this.again = true
      return
    }
    this.running = (async () => {
      do {
        this.again = false
        try {
          await this.refresh(token)
        } catch (error) {
          // The server went away mid-refresh: the stream reports it; the next connect refreshes.
          if (!(error instanceof Unreachable)) throw error
          return
        }
      } while (this.again)
    })()
      .catch((error: unknown) => console.error('[client] audit cache refresh', error))
      .finally(() => {
        this.running = null
        done()
      })
  }

  async settled(): Promise<void> {
    await this.running
  }
}
