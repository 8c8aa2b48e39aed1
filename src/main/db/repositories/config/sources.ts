import type { SourceDef } from '../../../../shared/api/settings/sources'
import { parseJson, toBool } from '../../json'
import type { Executor } from '../../executor'

export class SourcesRepository {
  private query(db: Executor) {
    return db
      .selectFrom('sources as s')
      .leftJoin('categories as c', 'c.id', 's.default_category_id')
      .select([
        's.id',
        's.name',
        's.api_key_hint',
        's.default_category_id',
        'c.name as category_name',
        's.cost_per_lead_cents',
        's.active',
        's.created_at',
        's.field_aliases',
      ])
  }

  async list(db: Executor): Promise<SourceDef[]> {
    return (await this.query(db).orderBy('s.name').execute()).map((r) => ({
      id: r.id,
      name: r.name,
      apiKeyHint: r.api_key_hint,
      defaultCategoryId: r.default_category_id,
      defaultCategoryName: r.category_name,
      costPerLeadCents: r.cost_per_lead_cents,
      active: toBool(r.active),
      createdAt: r.created_at,
      fieldAliases: parseJson<Record<string, string>>(r.field_aliases, {}),
    }))
  }

  async byId(db: Executor, id: number): Promise<SourceDef | undefined> {
    return (await this.list(db)).find((s) => s.id === id)
  }

  async insert(
    db: Executor,
    s: {
      name: string
      keyHash: string
      keyHint: string
      defaultCategoryId: number | null
      costPerLeadCents: number
      active: boolean
      fieldAliases: Record<string, string>
      now: number
    },
  ): Promise<number> {
    const r = await db
      .insertInto('sources')
      .values({
        name: s.name,
        api_key_hash: s.keyHash,
        api_key_hint: s.keyHint,
        default_category_id: s.defaultCategoryId,
        cost_per_lead_cents: s.costPerLeadCents,
        active: s.active ? 1 : 0,
        field_aliases: JSON.stringify(s.fieldAliases),
        created_at: s.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return r.id
  }

  async update(
    db: Executor,
    id: number,
    patch: {
      name?: string
      defaultCategoryId?: number | null
      costPerLeadCents?: number
      active?: boolean
      keyHash?: string
      keyHint?: string
      fieldAliases?: Record<string, string>
    },
  ): Promise<void> {
    await db
      .updateTable('sources')
      .set({
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.defaultCategoryId !== undefined && { default_category_id: patch.defaultCategoryId }),
        ...(patch.fieldAliases !== undefined && { field_aliases: JSON.stringify(patch.fieldAliases) }),
        ...(patch.costPerLeadCents !== undefined && { cost_per_lead_cents: patch.costPerLeadCents }),
        ...(patch.active !== undefined && { active: patch.active ? 1 : 0 }),
        ...(patch.keyHash !== undefined && { api_key_hash: patch.keyHash }),
        ...(patch.keyHint !== undefined && { api_key_hint: patch.keyHint }),
      })
      .where('id', '=', id)
      .execute()
  }
}
