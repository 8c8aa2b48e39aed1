import { conflict, notFound, validation } from '../../../shared/api/errors'
import type { PlanDef } from '../../../shared/api/settings/plans'
import type { Stage } from '../../../shared/domain/config'
import type { Executor } from '../../db/executor'
import { PlansRepository } from '../../db/repositories/config/plans'
import type { Actor } from '../deps'
import type { ConfigContext } from './context'

export class PlansSettings {
  private readonly repo = new PlansRepository()

  constructor(private readonly ctx: ConfigContext) {}

  async list(): Promise<PlanDef[]> {
    return this.repo.list(this.ctx.db)
  }

  async get(id: number): Promise<PlanDef> {
    return this.find(this.ctx.db, id)
  }

  private async find(db: Executor, id: number): Promise<PlanDef> {
    const p = await this.repo.byId(db, id)
    if (!p) throw notFound('Distribution plan')
    return p
  }

  private async check(db: Executor, stages: Stage[]): Promise<void> {
    const partnerIds = await this.ctx.refs.partnerIds(db)
    const problems: Record<string, string> = {}
    const seen = new Set<string>()
    stages.forEach((s, i) => {
      if (seen.has(s.kind)) problems[`stages.${i}.kind`] = 'Each stage can appear once in a plan'
      seen.add(s.kind)
      if (s.kind === 'pingpost' && s.partnerIds.some((id) => !partnerIds.has(id)))
        problems[`stages.${i}.partnerIds`] = 'No such partner'
      if (s.kind === 'direct_post' && !partnerIds.has(s.partnerId))
        problems[`stages.${i}.partnerId`] = 'No such partner'
      if (s.kind === 'marketplace') {
        if (s.floorPriceCents > s.startPriceCents)
          problems[`stages.${i}.floorPriceCents`] = 'The floor cannot be above the first price'
        if (s.decrementCents === 0 && s.floorPriceCents < s.startPriceCents)
          problems[`stages.${i}.decrementCents`] = 'Enter how much the price drops each interval'
        if (s.directPostPartnerId !== null && !partnerIds.has(s.directPostPartnerId))
          problems[`stages.${i}.directPostPartnerId`] = 'No such partner'
      }
    })
    if (Object.keys(problems).length) throw validation(problems)
  }

  async create(actor: Actor, input: { name: string; stages: Stage[] }): Promise<PlanDef> {
    return this.ctx.write(['plans'], async (trx) => {
      await this.check(trx, input.stages)
      const id = await this.repo.insert(trx, input.name, input.stages, this.ctx.now())
      const after = await this.find(trx, id)
      await this.ctx.audit(
        trx,
        actor,
        'plan.create',
        { type: 'plan', id },
        `Created distribution plan ${after.name}`,
        undefined,
        input,
      )
      return after
    })
  }

  async update(actor: Actor, input: { id: number; name?: string; stages?: Stage[] }): Promise<PlanDef> {
    return this.ctx.write(['plans'], async (trx) => {
      const before = await this.find(trx, input.id)
      if (input.stages) await this.check(trx, input.stages)
      await this.repo.update(trx, input.id, input, this.ctx.now())
      const after = await this.find(trx, input.id)
      await this.ctx.audit(
        trx,
        actor,
        'plan.update',
        { type: 'plan', id: input.id },
        `Changed distribution plan ${after.name}`,
        { name: before.name, stages: before.stages },
        { name: after.name, stages: after.stages },
      )
      return after
    })
  }

  async delete(actor: Actor, id: number): Promise<null> {
    return this.ctx.write(['plans'], async (trx) => {
      const before = await this.find(trx, id)
      const users = [...before.usedBy.leadTypes, ...before.usedBy.categories].map((u) => u.name)
      if (users.length) throw conflict(`${before.name} is used by ${users.join(', ')}; choose another plan there first`)
      await this.repo.delete(trx, id)
      await this.ctx.audit(
        trx,
        actor,
        'plan.delete',
        { type: 'plan', id },
        `Deleted distribution plan ${before.name}`,
        before,
        undefined,
      )
      return null
    })
  }
}
