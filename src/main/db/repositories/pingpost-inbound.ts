import type { Ids } from '../../services/deps'
import type { Executor } from '../executor'
import type { InboundRecord, PingpostRecord } from './pingpost'

/**
 * The intake's side of ping/post: the pings and posts sources send, and the lead they produced.
 * Public ids are uuids so that they can be shown to sources.
 */
export class InboundPingpostRepository {
  constructor(private readonly ids: Ids) {}

  async insert(db: Executor, record: InboundRecord, now: number): Promise<{ id: number; publicId: string }> {
    const publicId = this.ids.uuid()
    const row = await db
      .insertInto('pingpost_records')
      .values({
        public_id: publicId,
        direction: 'inbound',
        kind: record.kind,
        lead_id: record.leadId,
        source_id: record.sourceId,
        bid_id: record.bidId,
        payload: JSON.stringify(record.payload),
        response: JSON.stringify(record.response),
        status_code: record.statusCode,
        price_cents: record.priceCents,
        latency_ms: record.latencyMs,
        outcome: record.outcome,
        expires_at: record.expiresAt,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return { id: Number(row.id), publicId }
  }

  async byPublicId(db: Executor, publicId: string): Promise<PingpostRecord | undefined> {
    return db.selectFrom('pingpost_records').selectAll().where('public_id', '=', publicId).executeTakeFirst()
  }

  /** Ties an inbound ping (and the post that used it) to the lead they produced. */
  async linkLead(
    db: Executor,
    leadId: number,
    link: { pingRecordId: number | null; postRecordId: number | null },
  ): Promise<void> {
    const recordIds = [link.pingRecordId, link.postRecordId].filter((id): id is number => id !== null)
    if (recordIds.length > 0)
      await db.updateTable('pingpost_records').set({ lead_id: leadId }).where('id', 'in', recordIds).execute()
    const set: { ping_record_id?: number; post_record_id?: number } = {}
    if (link.pingRecordId !== null) set.ping_record_id = link.pingRecordId
    if (link.postRecordId !== null) set.post_record_id = link.postRecordId
    if (Object.keys(set).length > 0) await db.updateTable('leads').set(set).where('id', '=', leadId).execute()
  }
}
