import type { LeadTypeDef } from '../../../../shared/api/settings/leadTypes'
import type { ConditionGroup } from '../../../../shared/domain/config'
import type { Executor } from '../../executor'
import { parseJson, toBool } from '../../json'

export interface LeadTypeWrite {
  name: string
  conditions: ConditionGroup | null
  isFallback: boolean
  planId: number | null
  active: boolean
}

export class LeadTypesRepository {
  private query(db: Executor) {
    return db
      .selectFrom('lead_types as t')
      .innerJoin('categories as c', 'c.id', 't.category_id')
      .selectAll('t')
      .select('c.name as category_name')
      .orderBy('t.category_id')
      .orderBy('t.is_fallback')
      .orderBy('t.priority')
      .orderBy('t.id')
  }

  async list(db: Executor, categoryId?: number): Promise<LeadTypeDef[]> {
    let q = this.query(db)
    if (categoryId !== undefined) q = q.where('t.category_id', '=', categoryId)
    return (await q.execute()).map((r) => ({
      id: r.id,
      categoryId: r.category_id,
      categoryName: r.category_name,
      name: r.name,
      priority: r.priority,
      conditions: parseJson<ConditionGroup | null>(r.conditions, null),
      isFallback: toBool(r.is_fallback),
      planId: r.plan_id,
      active: toBool(r.active),
    }))
  }

  async byId(db: Executor, id: number): Promise<LeadTypeDef | undefined> {
    const row = await this.query(db).where('t.id', '=', id).executeTakeFirst()
    return row && (await this.list(db, row.category_id)).find((t) => t.id === id)
  }

  async nextPriority(db: Executor, categoryId: number): Promise<number> {
    const row = await db
      .selectFrom('lead_types')
      .select((eb) => eb.fn.max<number | null>('priority').as('p'))
      .where('category_id', '=', categoryId)
      .executeTakeFirst()
    return (row?.p ?? 0) + 1
  }

  async fallbackOf(db: Executor, categoryId: number): Promise<number | undefined> {
    const row = await db
      .selectFrom('lead_types')
      .select('id')
      .where('category_id', '=', categoryId)
      .where('is_fallback', '=', 1)
      .executeTakeFirst()
    return row?.id
  }

  async insert(db: Executor, categoryId: number, t: LeadTypeWrite, priority: number, now: number): Promise<number> {
    const r = await db
      .insertInto('lead_types')
      .values({
        category_id: categoryId,
        name: t.name,
        priority,
        conditions: t.conditions === null ? null : JSON.stringify(t.conditions),
        is_fallback: t.isFallback ? 1 : 0,
        plan_id: t.planId,
        active: t.active ? 1 : 0,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return r.id
  }

  async update(
    db: Executor,
    id: number,
    t: Partial<LeadTypeWrite> & { priority?: number },
    now: number,
  ): Promise<void> {
    await db
      .updateTable('lead_types')
      .set({
        updated_at: now,
        ...(t.name !== undefined && { name: t.name }),
        ...(t.conditions !== undefined && {
          conditions: t.conditions === null ? null : JSON.stringify(t.conditions),
        }),
        ...(t.isFallback !== undefined && { is_fallback: t.isFallback ? 1 : 0 }),
        ...(t.planId !== undefined && { plan_id: t.planId }),
        ...(t.active !== undefined && { active: t.active ? 1 : 0 }),
        ...(t.priority !== undefined && { priority: t.priority }),
      })
      .where('id', '=', id)
      .execute()
  }

  async delete(db: Executor, id: number): Promise<void> {
    await db.deleteFrom('lead_types').where('id', '=', id).execute()
  }

  async usage(db: Executor, id: number): Promise<{ leads: number; bids: number }> {
    const leads = await db
      .selectFrom('leads')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('lead_type_id', '=', id)
      .executeTakeFirst()
    const bids = await db
      .selectFrom('bids')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('lead_type_id', '=', id)
      .executeTakeFirst()
    return { leads: leads?.n ?? 0, bids: bids?.n ?? 0 }
  }
}
