import { conflict, notFound, validation } from '../../../shared/api/errors'
import type { DraftLeadType, DryRunResult, DryRunTransition, LeadTypeDef } from '../../../shared/api/settings/leadTypes'
import { LeadTypesRepository, type LeadTypeWrite } from '../../db/repositories/config/lead-types'
import { RecentLeadsRepository } from '../../db/repositories/config/recent-leads'
import { classifyLeadType, type LeadTypeRule } from '../../engine/classify'
import { joinValues } from '../../engine/validate'
import type { Actor } from '../deps'
import type { ConfigContext } from './context'
import { scanRecentLeads } from './scan'
import { countOf } from '../../../shared/text/plural'

const SAMPLES_PER_TRANSITION = 5

export type DraftType = DraftLeadType

export class LeadTypesSettings {
  private readonly repo: LeadTypesRepository
  private readonly leads: RecentLeadsRepository

  constructor(private readonly ctx: ConfigContext) {
    this.repo = new LeadTypesRepository(ctx.deps.store)
    this.leads = new RecentLeadsRepository(ctx.deps.store)
  }

  list(categoryId?: number): LeadTypeDef[] {
    return this.repo.list(categoryId)
  }

  get(id: number): LeadTypeDef {
    const t = this.repo.byId(id)
    if (!t) throw notFound('Lead type')
    return t
  }

  private checkCategory(categoryId: number): void {
    if (!this.ctx.refs.exists('categories', categoryId)) throw validation({ categoryId: 'No such category' })
  }

  private checkPlan(planId: number | null | undefined): void {
    if (planId != null && !this.ctx.refs.exists('distribution_plans', planId))
      throw validation({ planId: 'No such distribution plan' })
  }

  /** One fallback per category: making a type the fallback takes the flag from the previous one. */
  private takeFallback(actor: Actor, categoryId: number, exceptId: number | null): void {
    const previous = this.repo.fallbackOf(categoryId)
    if (previous === undefined || previous === exceptId) return
    this.repo.update(previous, { isFallback: false }, this.ctx.now())
    this.ctx.audit(
      actor,
      'leadType.update',
      { type: 'leadType', id: previous },
      'No longer the fallback type',
      { isFallback: true },
      { isFallback: false },
    )
  }

  create(actor: Actor, input: { categoryId: number } & LeadTypeWrite): LeadTypeDef {
    return this.ctx.write(['leadTypes', 'categories'], () => {
      this.checkCategory(input.categoryId)
      this.checkPlan(input.planId)
      if (input.isFallback) this.takeFallback(actor, input.categoryId, null)
      const { categoryId, ...write } = input
      // A fallback takes whatever no other type matched; conditions on it would never be read.
      if (write.isFallback) write.conditions = null
      const id = this.repo.insert(categoryId, write, this.repo.nextPriority(categoryId), this.ctx.now())
      const after = this.get(id)
      this.ctx.audit(
        actor,
        'leadType.create',
        { type: 'leadType', id },
        `Created lead type ${after.name}`,
        undefined,
        after,
      )
      return after
    })
  }

  update(actor: Actor, input: { id: number } & Partial<LeadTypeWrite>): LeadTypeDef {
    return this.ctx.write(['leadTypes', 'categories'], () => {
      const before = this.get(input.id)
      this.checkPlan(input.planId)
      const { id, ...patch } = input
      if (patch.isFallback) {
        this.takeFallback(actor, before.categoryId, id)
        patch.conditions = null
      }
      this.repo.update(id, patch, this.ctx.now())
      const after = this.get(id)
      this.ctx.audit(
        actor,
        'leadType.update',
        { type: 'leadType', id },
        `Changed lead type ${after.name}`,
        before,
        after,
      )
      return after
    })
  }

  delete(actor: Actor, id: number): null {
    return this.ctx.write(['leadTypes', 'categories'], () => {
      const before = this.get(id)
      const usage = this.repo.usage(id)
      if (usage.bids > 0)
        throw conflict(`${before.name} has ${usage.bids} bid${usage.bids === 1 ? '' : 's'}; delete or move them first`)
      this.repo.delete(id)
      this.ctx.audit(
        actor,
        'leadType.delete',
        { type: 'leadType', id },
        `Deleted lead type ${before.name}${usage.leads ? ` (${countOf(usage.leads, 'lead')} ${usage.leads === 1 ? 'keeps' : 'keep'} no type)` : ''}`,
        before,
        undefined,
      )
      return null
    })
  }

  saveAll(actor: Actor, categoryId: number, types: DraftType[]): LeadTypeDef[] {
    return this.ctx.write(['leadTypes', 'categories', 'plans'], () => {
      this.checkCategory(categoryId)
      const current = this.repo.list(categoryId)
      const byId = new Map(current.map((t) => [t.id, t]))
      const listed = types.flatMap((t) => (t.id === undefined ? [] : [t.id]))
      const problems: Record<string, string> = {}
      types.forEach((t, i) => {
        if (t.id !== undefined && !byId.has(t.id)) problems[`types.${i}.id`] = 'Not a lead type of this category'
        if (t.planId !== null && !this.ctx.refs.exists('distribution_plans', t.planId))
          problems[`types.${i}.planId`] = 'No such distribution plan'
      })
      if (new Set(listed).size !== listed.length || current.some((t) => !listed.includes(t.id)))
        problems.types = 'List every lead type of the category exactly once'
      if (types.filter((t) => t.isFallback).length > 1) problems.types = 'Only one type can be the fallback'
      if (Object.keys(problems).length) throw validation(problems)

      const now = this.ctx.now()
      // The fallback flag is unique per category: clear it everywhere before giving it to one type.
      for (const t of current) if (t.isFallback) this.repo.update(t.id, { isFallback: false }, now)
      let rank = 0
      const saved = types.map((t) => {
        const write = { ...t, conditions: t.isFallback ? null : t.conditions }
        const priority = t.isFallback ? 0 : ++rank
        if (t.id === undefined) return this.repo.insert(categoryId, write, priority, now)
        this.repo.update(t.id, { ...write, priority }, now)
        return t.id
      })
      const after = this.repo.list(categoryId)
      for (const id of saved) {
        const before = byId.get(id)
        const updated = after.find((t) => t.id === id)
        if (!updated) continue
        if (!before)
          this.ctx.audit(
            actor,
            'leadType.create',
            { type: 'leadType', id },
            `Created lead type ${updated.name}`,
            undefined,
            updated,
          )
        else if (JSON.stringify(before) !== JSON.stringify(updated))
          this.ctx.audit(
            actor,
            'leadType.update',
            { type: 'leadType', id },
            `Changed lead type ${updated.name}`,
            before,
            updated,
          )
      }
      return after
    })
  }

  reorder(actor: Actor, categoryId: number, ids: number[]): LeadTypeDef[] {
    return this.ctx.write(['leadTypes'], () => {
      const ranked = this.repo.list(categoryId).filter((t) => !t.isFallback)
      const current = ranked.map((t) => t.id)
      if (ids.length !== current.length || new Set(ids).size !== ids.length || !ids.every((id) => current.includes(id)))
        throw validation({ ids: 'List every lead type of the category (except the fallback) exactly once' })
      ids.forEach((id, index) => this.repo.update(id, { priority: index + 1 }, this.ctx.now()))
      const name = (id: number) => ranked.find((t) => t.id === id)?.name
      this.ctx.audit(
        actor,
        'leadType.reorder',
        { type: 'category', id: categoryId },
        'Changed the priority of lead types',
        current.map(name),
        ids.map(name),
      )
      return this.repo.list(categoryId)
    })
  }

  /**
   * Classifies the category's newest leads with the edited types, exactly as the engine does
   * (classifyLeadType over active types), and compares with the type each lead has now.
   * Draft types without an id get negative ids so they never collide with stored ones.
   */
  async dryRun(categoryId: number, types: DraftType[], limit: number): Promise<DryRunResult> {
    this.checkCategory(categoryId)
    const names = new Map<number | null, string>([[null, 'Uncategorized']])
    for (const t of this.repo.list(categoryId)) names.set(t.id, t.name)
    const rules: LeadTypeRule[] = types
      .map((t, index) => ({ t, index, id: t.id ?? -(index + 1) }))
      .filter(({ t }) => t.active)
      .map(({ t, index, id }) => {
        names.set(id, t.name)
        return {
          id,
          name: t.name,
          priority: index + 1,
          isFallback: t.isFallback,
          conditions: t.isFallback ? null : t.conditions,
        }
      })
    if (rules.filter((r) => r.isFallback).length > 1) throw validation({ types: 'Only one type can be the fallback' })
    const transitions = new Map<string, DryRunTransition>()
    let changed = 0
    const checked = await scanRecentLeads(this.leads, categoryId, limit, (lead) => {
      const to = classifyLeadType(rules, joinValues(lead.contact, lead.details)).leadTypeId
      if (to === lead.leadTypeId) return
      changed++
      const key = `${lead.leadTypeId}>${to}`
      let entry = transitions.get(key)
      if (!entry) {
        entry = {
          from: { id: lead.leadTypeId, name: names.get(lead.leadTypeId) ?? `Type #${lead.leadTypeId}` },
          to: { id: to, name: names.get(to) ?? `Type #${to}` },
          count: 0,
          samples: [],
        }
        transitions.set(key, entry)
      }
      entry.count++
      if (entry.samples.length < SAMPLES_PER_TRANSITION)
        entry.samples.push({ id: lead.id, uuid: lead.uuid, name: lead.name, email: lead.email })
    })
    return {
      checked,
      changed,
      unchanged: checked - changed,
      // Biggest moves first; ties by name so the list reads the same every time.
      transitions: [...transitions.values()].sort(
        (a, b) => b.count - a.count || a.from.name.localeCompare(b.from.name) || a.to.name.localeCompare(b.to.name),
      ),
    }
  }
}
