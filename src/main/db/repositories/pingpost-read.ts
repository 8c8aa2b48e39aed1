import type { PingpostRecordView } from '../../../shared/api/leads'
import type { SentRequestView } from '../../../shared/api/settings/partners'
import type { Executor } from '../executor'
import { parseJson } from '../json'

/** Reads ping/post records for the lead detail's viewers; the engine writes them elsewhere. */
export class PingpostReadRepository {
  /** Every exchange of a lead: inbound ping/post from its source and outbound to partners. */
  async forLead(db: Executor, leadId: number, linkedIds: readonly number[]): Promise<PingpostRecordView[]> {
    const rows = await db
      .selectFrom('pingpost_records')
      .leftJoin('partners', 'partners.id', 'pingpost_records.partner_id')
      .leftJoin('sources', 'sources.id', 'pingpost_records.source_id')
      .selectAll('pingpost_records')
      .select(['partners.name as partner_name', 'sources.name as source_name'])
      // An inbound ping is stored before its lead exists, so it is found through the lead's link.
      .where((eb) =>
        linkedIds.length > 0
          ? eb.or([eb('pingpost_records.lead_id', '=', leadId), eb('pingpost_records.id', 'in', linkedIds)])
          : eb('pingpost_records.lead_id', '=', leadId),
      )
      .orderBy('pingpost_records.id')
      .execute()
    return rows.map((r) => ({
      id: r.id,
      publicId: r.public_id,
      direction: r.direction,
      kind: r.kind,
      leadId: r.lead_id,
      partnerName: r.partner_name,
      sourceName: r.source_name,
      url: r.url,
      payload: parseJson<unknown>(r.payload, r.payload),
      request: sentRequest(r.request),
      response: r.response,
      statusCode: r.status_code,
      priceCents: r.price_cents,
      latencyMs: r.latency_ms,
      outcome: r.outcome,
      reference: r.reference,
      createdAt: r.created_at,
    }))
  }
}

function sentRequest(text: string | null): SentRequestView | null {
  const value = parseJson<Partial<SentRequestView> | null>(text, null)
  if (!value || typeof value.url !== 'string' || typeof value.method !== 'string') return null
  return { method: value.method, url: value.url, headers: value.headers ?? {}, body: value.body ?? null }
}
