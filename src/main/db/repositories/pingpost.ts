import type { Selectable } from 'kysely'
import type { PostJournal, StoredRecord } from '../../services/partners/post-once'
import type { PartnerExchange } from '../../services/partners/types'
import { type Ids, randomIds } from '../../services/deps'
import type { PartnersTable, PingpostRecordsTable } from '../schema'
import type { Executor } from '../executor'
import { affected } from '../transaction'

export type PingpostRecord = Selectable<PingpostRecordsTable>

export interface InboundRecord {
  kind: 'ping' | 'post'
  sourceId: number
  leadId: number | null
  bidId: number | null
  payload: unknown
  response: unknown
  statusCode: number
  priceCents: number | null
  latencyMs: number | null
  outcome: string
  expiresAt: number | null
}

/** Ping and post records, both directions; public ids are uuids so they can be shown to partners and sources. */
export class PingpostRepository {
  constructor(private readonly ids: Ids = randomIds) {}

  async insertExchange(db: Executor, leadId: number | null, exchange: PartnerExchange, now: number): Promise<number> {
    return (await this.storeExchange(db, leadId, exchange, now)).id
  }

  private async storeExchange(
    db: Executor,
    leadId: number | null,
    exchange: PartnerExchange,
    now: number,
  ): Promise<StoredRecord> {
    const publicId = this.ids.uuid()
    const result = await db
      .insertInto('pingpost_records')
      .values({
        public_id: publicId,
        direction: 'outbound',
        kind: exchange.kind,
        lead_id: leadId,
        partner_id: exchange.partnerId,
        url: exchange.url,
        payload: JSON.stringify(exchange.payload),
        request: exchange.request ? JSON.stringify(exchange.request) : null,
        // A timeout or network failure has no body: keep the reason instead.
        response: exchange.response ?? exchange.error,
        status_code: exchange.statusCode,
        price_cents: exchange.priceCents,
        latency_ms: exchange.latencyMs,
        outcome: exchange.outcome,
        reference: exchange.reference,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return { id: Number(result.id), publicId }
  }

  /**
   * An outbound post about to be sent, committed before the request leaves: if the process dies
   * while it is on the wire, this 'sending' record is the evidence that it may have arrived.
   */
  async insertSending(
    db: Executor,
    leadId: number,
    post: { partnerId: number; url: string; payload: Record<string, unknown>; priceCents: number | null },
    now: number,
  ): Promise<StoredRecord> {
    const publicId = this.ids.uuid()
    const result = await db
      .insertInto('pingpost_records')
      .values({
        public_id: publicId,
        direction: 'outbound',
        kind: 'post',
        lead_id: leadId,
        partner_id: post.partnerId,
        url: post.url,
        payload: JSON.stringify(post.payload),
        price_cents: post.priceCents,
        outcome: 'sending',
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return { id: Number(result.id), publicId }
  }

  /** What came back for a post stored as 'sending'; the price it was sent at stays unless the answer gives none. */
  async settle(db: Executor, recordId: number, exchange: PartnerExchange): Promise<void> {
    await db
      .updateTable('pingpost_records')
      .set((eb) => ({
        request: exchange.request ? JSON.stringify(exchange.request) : null,
        response: exchange.response ?? exchange.error,
        status_code: exchange.statusCode,
        price_cents: eb.fn.coalesce('price_cents', eb.val(exchange.priceCents)),
        latency_ms: exchange.latencyMs,
        outcome: exchange.outcome,
        reference: exchange.reference,
      }))
      .where('id', '=', recordId)
      .where('outcome', '=', 'sending')
      .execute()
  }

  /**
   * Posts of a lead whose outcome was never written onto the lead: still 'sending' (the process
   * stopped while it was on the wire), or answered ('accepted', 'unknown') just before it stopped.
   * A decided unknown outcome is no longer open ('confirmed_sold', 'confirmed_not_sold').
   */
  async openPosts(db: Executor, leadId: number): Promise<PingpostRecord[]> {
    return db
      .selectFrom('pingpost_records')
      .selectAll()
      .where('lead_id', '=', leadId)
      .where('direction', '=', 'outbound')
      .where('kind', '=', 'post')
      .where('outcome', 'in', ['sending', 'unknown', 'accepted'])
      .orderBy('id')
      .execute()
  }

  /** An operator's decision on an unknown post, kept on its record so it is not taken as open again. */
  async resolveUnknown(
    db: Executor,
    recordId: number,
    outcome: 'confirmed_sold' | 'confirmed_not_sold',
  ): Promise<void> {
    await db
      .updateTable('pingpost_records')
      .set({ outcome })
      .where('id', '=', recordId)
      .where('outcome', 'in', ['sending', 'unknown'])
      .execute()
  }

  async markUnknown(db: Executor, recordId: number, why: string): Promise<number> {
    return affected(
      await db
        .updateTable('pingpost_records')
        .set({ outcome: 'unknown', response: why })
        .where('id', '=', recordId)
        .where('outcome', '=', 'sending')
        .executeTakeFirst(),
    )
  }

  /**
   * Where a lead's posts leave their evidence: pings stored before the first post, each post stored
   * 'sending' before it goes out, then settled. Each write is its own autocommit on `db` (the
   * database, never a transaction: none is open while a partner is called).
   */
  journal(db: Executor, leadId: number, now: () => number): PostJournal {
    return {
      stored: (exchange) => this.storeExchange(db, leadId, exchange, now()),
      sending: (post) => this.insertSending(db, leadId, post, now()),
      settled: (recordId, exchange) => this.settle(db, recordId, exchange),
    }
  }

  async byId(db: Executor, id: number): Promise<PingpostRecord | undefined> {
    return db.selectFrom('pingpost_records').selectAll().where('id', '=', id).executeTakeFirst()
  }

  async forLead(db: Executor, leadId: number): Promise<PingpostRecord[]> {
    return db.selectFrom('pingpost_records').selectAll().where('lead_id', '=', leadId).orderBy('id').execute()
  }

  async partner(db: Executor, id: number): Promise<Selectable<PartnersTable> | undefined> {
    return db.selectFrom('partners').selectAll().where('id', '=', id).executeTakeFirst()
  }
}
