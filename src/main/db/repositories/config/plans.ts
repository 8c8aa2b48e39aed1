import type { PlanDef } from '../../../../shared/api/settings/plans'
import type { Stage } from '../../../../shared/domain/config'
import { parseJson } from '../../json'
import type { Executor } from '../../executor'

export class PlansRepository {
  async list(db: Executor): Promise<PlanDef[]> {
    const plans = await db.selectFrom('distribution_plans').selectAll().orderBy('name').execute()
    const types = await db
      .selectFrom('lead_types')
      .select(['id', 'name', 'plan_id'])
      .where('plan_id', 'is not', null)
      .execute()
    const categories = await db
      .selectFrom('categories')
      .select(['id', 'name', 'default_plan_id'])
      .where('default_plan_id', 'is not', null)
      .execute()
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

  async byId(db: Executor, id: number): Promise<PlanDef | undefined> {
    return (await this.list(db)).find((p) => p.id === id)
  }

  async insert(db: Executor, name: string, stages: Stage[], now: number): Promise<number> {
    const r = await db
      .insertInto('distribution_plans')
      .values({ name, stages: JSON.stringify(stages), created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow()
    return r.id
  }

  async update(db: Executor, id: number, patch: { name?: string; stages?: Stage[] }, now: number): Promise<void> {
    await db
      .updateTable('distribution_plans')
      .set({
        updated_at: now,
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.stages !== undefined && { stages: JSON.stringify(patch.stages) }),
      })
      .where('id', '=', id)
      .execute()
  }

  async delete(db: Executor, id: number): Promise<void> {
    await db.deleteFrom('distribution_plans').where('id', '=', id).execute()
  }
}
