import type { PartnerDef } from '../../../../shared/api/settings/partners'
import { isStringRecord, methodOfRow, requestOfRow, responseOfRow } from './partner-row'
import { parseJson, toBool } from '../../json'
import type { Store } from '../../store'

export type PartnerWrite = Omit<PartnerDef, 'id' | 'createdAt'>

export class PartnersRepository {
  constructor(private readonly store: Store) {}

  list(): PartnerDef[] {
    return this.store.all(this.store.q.selectFrom('partners').selectAll().orderBy('name')).map((r) => {
      const headers = parseJson<unknown>(r.headers, {})
      return {
        id: r.id,
        name: r.name,
        pingUrl: r.ping_url,
        postUrl: r.post_url,
        method: methodOfRow(r.method),
        headers: isStringRecord(headers) ? headers : {},
        request: requestOfRow(r),
        response: responseOfRow(r.response),
        timeoutMs: r.timeout_ms,
        minPriceCents: r.min_price_cents,
        active: toBool(r.active),
        createdAt: r.created_at,
      }
    })
  }

  byId(id: number): PartnerDef | undefined {
    return this.list().find((p) => p.id === id)
  }

  private values(p: PartnerWrite) {
    return {
      name: p.name,
      ping_url: p.pingUrl,
      post_url: p.postUrl,
      method: p.method,
      headers: JSON.stringify(p.headers),
      request: JSON.stringify(p.request),
      response: JSON.stringify(p.response),
      timeout_ms: p.timeoutMs,
      min_price_cents: p.minPriceCents,
      active: p.active ? 1 : 0,
    }
  }

  insert(p: PartnerWrite, now: number): number {
    const r = this.store.run(this.store.q.insertInto('partners').values({ ...this.values(p), created_at: now }))
    return Number(r.lastInsertRowid)
  }

  update(id: number, p: PartnerWrite): void {
    this.store.run(this.store.q.updateTable('partners').set(this.values(p)).where('id', '=', id))
  }

  delete(id: number): void {
    this.store.run(this.store.q.deleteFrom('partners').where('id', '=', id))
  }
}
