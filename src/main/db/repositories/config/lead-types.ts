import type { LeadTypeDef } from '../../../../shared/api/settings/leadTypes'
import type { ConditionGroup } from '../../../../shared/domain/config'
import { parseJson, toBool } from '../../json'
import type { Store } from '../../store'

export interface LeadTypeWrite {
  name: string
  conditions: ConditionGroup | null
  isFallback: boolean
  planId: number | null
  active: boolean
}

export class LeadTypesRepository {
  constructor(private readonly store: Store) {}

  private query() {
    return this.store.q
      .selectFrom('lead_types as t')
      .innerJoin('categories as c', 'c.id', 't.category_id')
      .selectAll('t')
      .select('c.name as category_name')
      .orderBy('t.category_id')
      .orderBy('t.is_fallback')
      .orderBy('t.priority')
      .orderBy('t.id')
  }

  list(categoryId?: number): LeadTypeDef[] {
    let q = this.query()
    if (categoryId !== undefined) q = q.where('t.category_id', '=', categoryId)
    return this.store.all(q).map((r) => ({
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

  byId(id: number): LeadTypeDef | undefined {
    const row = this.store.first(this.query().where('t.id', '=', id))
    return row && this.list(row.category_id).find((t) => t.id === id)
  }

  nextPriority(categoryId: number): number {
    const row = this.store.first(
      this.store.q
        .selectFrom('lead_types')
        .select((eb) => eb.fn.max<number | null>('priority').as('p'))
        .where('category_id', '=', categoryId),
    )
    return (row?.p ?? 0) + 1
  }

  fallbackOf(categoryId: number): number | undefined {
    return this.store.first(
      this.store.q
        .selectFrom('lead_types')
        .select('id')
        .where('category_id', '=', categoryId)
        .where('is_fallback', '=', 1),
    )?.id
  }

  insert(categoryId: number, t: LeadTypeWrite, priority: number, now: number): number {
    const r = this.store.run(
      this.store.q.insertInto('lead_types').values({
        category_id: categoryId,
        name: t.name,
        priority,
        conditions: t.conditions === null ? null : JSON.stringify(t.conditions),
        is_fallback: t.isFallback ? 1 : 0,
        plan_id: t.planId,
        active: t.active ? 1 : 0,
        created_at: now,
        updated_at: now,
      }),
    )
    return Number(r.lastInsertRowid)
  }

  update(id: number, t: Partial<LeadTypeWrite> & { priority?: number }, now: number): void {
    this.store.run(
      this.store.q
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
        .where('id', '=', id),
    )
  }

  delete(id: number): void {
    this.store.run(this.store.q.deleteFrom('lead_types').where('id', '=', id))
  }

  usage(id: number): { leads: number; bids: number } {
    const leads =
      this.store.first(
        this.store.q
          .selectFrom('leads')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('lead_type_id', '=', id),
      )?.n ?? 0
    const bids =
      this.store.first(
        this.store.q
          .selectFrom('bids')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('lead_type_id', '=', id),
      )?.n ?? 0
    return { leads, bids }
  }
}
