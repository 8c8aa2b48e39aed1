import type { PlanDef } from '../../../../shared/api/settings/plans'
import type { Stage } from '../../../../shared/domain/config'
import { parseJson } from '../../json'
import type { Store } from '../../store'

export class PlansRepository {
  constructor(private readonly store: Store) {}

  list(): PlanDef[] {
    const plans = this.store.all(this.store.q.selectFrom('distribution_plans').selectAll().orderBy('name'))
    const types = this.store.all(
      this.store.q.selectFrom('lead_types').select(['id', 'name', 'plan_id']).where('plan_id', 'is not', null),
    )
    const categories = this.store.all(
      this.store.q
        .selectFrom('categories')
        .select(['id', 'name', 'default_plan_id'])
        .where('default_plan_id', 'is not', null),
    )
    return plans.map((p) => ({
      id: p.id,
      name: p.name,
      stages: parseJson<Stage[]>(p.stages, []),
      usedBy: {
        leadTypes: types.filter((t) => t.plan_id === p.id).map((t) => ({ id: t.id, name: t.name })),
        categories: categories.filter((c) => c.default_plan_id === p.id).map((c) => ({ id: c.id, name: c.name })),
      },
      updatedAt: p.updated_at,
    }))
  }

  byId(id: number): PlanDef | undefined {
    return this.list().find((p) => p.id === id)
  }

  insert(name: string, stages: Stage[], now: number): number {
    const r = this.store.run(
      this.store.q
        .insertInto('distribution_plans')
        .values({ name, stages: JSON.stringify(stages), created_at: now, updated_at: now }),
    )
    return Number(r.lastInsertRowid)
  }

  update(id: number, patch: { name?: string; stages?: Stage[] }, now: number): void {
    this.store.run(
      this.store.q
        .updateTable('distribution_plans')
        .set({
          updated_at: now,
          ...(patch.name !== undefined && { name: patch.name }),
          ...(patch.stages !== undefined && { stages: JSON.stringify(patch.stages) }),
        })
        .where('id', '=', id),
    )
  }

  delete(id: number): void {
    this.store.run(this.store.q.deleteFrom('distribution_plans').where('id', '=', id))
  }
}
