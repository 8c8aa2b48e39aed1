import type { PartnerDef } from '../../../../shared/api/settings/partners'
import { isStringRecord, methodOfRow, requestOfRow, responseOfRow } from './partner-row'
import { parseJson, toBool } from '../../json'
import type { Executor } from '../../executor'

export type PartnerWrite = Omit<PartnerDef, 'id' | 'createdAt'>

export class PartnersRepository {
  async list(db: Executor): Promise<PartnerDef[]> {
    return (await db.selectFrom('partners').selectAll().orderBy('name').execute()).map((r) => {
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

  async byId(db: Executor, id: number): Promise<PartnerDef | undefined> {
    return (await this.list(db)).find((p) => p.id === id)
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

  async insert(db: Executor, p: PartnerWrite, now: number): Promise<number> {
    const r = await db
      .insertInto('partners')
      .values({ ...this.values(p), created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow()
    return r.id
  }

  async update(db: Executor, id: number, p: PartnerWrite): Promise<void> {
    await db.updateTable('partners').set(this.values(p)).where('id', '=', id).execute()
  }

  async delete(db: Executor, id: number): Promise<void> {
    await db.deleteFrom('partners').where('id', '=', id).execute()
  }
}
