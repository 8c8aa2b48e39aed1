import { conflict, notFound, validation } from '../../../shared/api/errors'
import type { PlanDef } from '../../../shared/api/settings/plans'
import type { Stage } from '../../../shared/domain/config'
import { PlansRepository } from '../../db/repositories/config/plans'
import type { Actor } from '../deps'
import type { ConfigContext } from './context'

export class PlansSettings {
  private readonly repo: PlansRepository

  constructor(private readonly ctx: ConfigContext) {
    this.repo = new PlansRepository(ctx.deps.store)
  }

  list(): PlanDef[] {
    return this.repo.list()
  }

  get(id: number): PlanDef {
    const p = this.repo.byId(id)
    if (!p) throw notFound('Distribution plan')
    return p
  }

  private check(stages: Stage[]): void {
    const partnerIds = this.ctx.refs.partnerIds()
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

  create(actor: Actor, input: { name: string; stages: Stage[] }): PlanDef {
    return this.ctx.write(['plans'], () => {
      this.check(input.stages)
      const id = this.repo.insert(input.name, input.stages, this.ctx.now())
      const after = this.get(id)
      this.ctx.audit(
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

  update(actor: Actor, input: { id: number; name?: string; stages?: Stage[] }): PlanDef {
    return this.ctx.write(['plans'], () => {
      const before = this.get(input.id)
      if (input.stages) this.check(input.stages)
      this.repo.update(input.id, input, this.ctx.now())
      const after = this.get(input.id)
      this.ctx.audit(
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

  delete(actor: Actor, id: number): null {
    return this.ctx.write(['plans'], () => {
      const before = this.get(id)
      const users = [...before.usedBy.leadTypes, ...before.usedBy.categories].map((u) => u.name)
      if (users.length) throw conflict(`${before.name} is used by ${users.join(', ')}; choose another plan there first`)
      this.repo.delete(id)
      this.ctx.audit(
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
