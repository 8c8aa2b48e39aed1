import { conflict, notFound, validation } from '../../../shared/api/errors'
import type { DraftLeadType, DryRunResult, DryRunTransition, LeadTypeDef } from '../../../shared/api/settings/leadTypes'
import type { Executor } from '../../db/executor'
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
  private readonly repo = new LeadTypesRepository()
  private readonly leads = new RecentLeadsRepository()

  constructor(private readonly ctx: ConfigContext) {}

  async list(categoryId?: number): Promise<LeadTypeDef[]> {
    return this.repo.list(this.ctx.db, categoryId)
  }

  async get(id: number): Promise<LeadTypeDef> {
    return this.find(this.ctx.db, id)
  }

  private async find(db: Executor, id: number): Promise<LeadTypeDef> {
    const t = await this.repo.byId(db, id)
    if (!t) throw notFound('Lead type')
    return t
  }

  private async checkCategory(db: Executor, categoryId: number): Promise<void> {
    if (!(await this.ctx.refs.exists(db, 'categories', categoryId)))
      throw validation({ categoryId: 'No such category' })
  }

  private async checkPlan(db: Executor, planId: number | null | undefined): Promise<void> {
    if (planId != null && !(await this.ctx.refs.exists(db, 'distribution_plans', planId)))
      throw validation({ planId: 'No such distribution plan' })
  }

  /** One fallback per category: making a type the fallback takes the flag from the previous one. */
  private async takeFallback(db: Executor, actor: Actor, categoryId: number, exceptId: number | null): Promise<void> {
    const previous = await this.repo.fallbackOf(db, categoryId)
    if (previous === undefined || previous === exceptId) return
    await this.repo.update(db, previous, { isFallback: false }, this.ctx.now())
    await this.ctx.audit(
      db,
      actor,
      'leadType.update',
      { type: 'leadType', id: previous },
      'No longer the fallback type',
      { isFallback: true },
      { isFallback: false },
    )
  }

  async create(actor: Actor, input: { categoryId: number } & LeadTypeWrite): Promise<LeadTypeDef> {
    return this.ctx.write(['leadTypes', 'categories'], async (trx) => {
      await this.checkCategory(trx, input.categoryId)
      await this.checkPlan(trx, input.planId)
      if (input.isFallback) await this.takeFallback(trx, actor, input.categoryId, null)
      const { categoryId, ...write } = input
      // A fallback takes whatever no other type matched; conditions on it would never be read.
      if (write.isFallback) write.conditions = null
      const priority = await this.repo.nextPriority(trx, categoryId)
      const id = await this.repo.insert(trx, categoryId, write, priority, this.ctx.now())
      const after = await this.find(trx, id)
      await this.ctx.audit(
        trx,
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

  async update(actor: Actor, input: { id: number } & Partial<LeadTypeWrite>): Promise<LeadTypeDef> {
    return this.ctx.write(['leadTypes', 'categories'], async (trx) => {
      const before = await this.find(trx, input.id)
      await this.checkPlan(trx, input.planId)
      const { id, ...patch } = input
      if (patch.isFallback) {
        await this.takeFallback(trx, actor, before.categoryId, id)
        patch.conditions = null
      }
      await this.repo.update(trx, id, patch, this.ctx.now())
      const after = await this.find(trx, id)
      await this.ctx.audit(
        trx,
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

  async delete(actor: Actor, id: number): Promise<null> {
    return this.ctx.write(['leadTypes', 'categories'], async (trx) => {
      const before = await this.find(trx, id)
      const usage = await this.repo.usage(trx, id)
      if (usage.bids > 0)
        throw conflict(`${before.name} has ${usage.bids} bid${usage.bids === 1 ? '' : 's'}; delete or move them first`)
      await this.repo.delete(trx, id)
      await this.ctx.audit(
        trx,
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

  async saveAll(actor: Actor, categoryId: number, types: DraftType[]): Promise<LeadTypeDef[]> {
    return this.ctx.write(['leadTypes', 'categories', 'plans'], async (trx) => {
      await this.checkCategory(trx, categoryId)
      const current = await this.repo.list(trx, categoryId)
      const byId = new Map(current.map((t) => [t.id, t]))
      const listed = types.flatMap((t) => (t.id === undefined ? [] : [t.id]))
      const problems: Record<string, string> = {}
      for (const [i, t] of types.entries()) {
        if (t.id !== undefined && !byId.has(t.id)) problems[`types.${i}.id`] = 'Not a lead type of this category'
        if (t.planId !== null && !(await this.ctx.refs.exists(trx, 'distribution_plans', t.planId)))
          problems[`types.${i}.planId`] = 'No such distribution plan'
      }
      if (new Set(listed).size !== listed.length || current.some((t) => !listed.includes(t.id)))
        problems.types = 'List every lead type of the category exactly once'
      if (types.filter((t) => t.isFallback).length > 1) problems.types = 'Only one type can be the fallback'
      if (Object.keys(problems).length) throw validation(problems)

      const now = this.ctx.now()
      // The fallback flag is unique per category: clear it everywhere before giving it to one type.
      for (const t of current) if (t.isFallback) await this.repo.update(trx, t.id, { isFallback: false }, now)
      let rank = 0
      const saved: number[] = []
      for (const t of types) {
        const write = { ...t, conditions: t.isFallback ? null : t.conditions }
        const priority = t.isFallback ? 0 : ++rank
        if (t.id === undefined) {
          saved.push(await this.repo.insert(trx, categoryId, write, priority, now))
          continue
        }
        await this.repo.update(trx, t.id, { ...write, priority }, now)
        saved.push(t.id)
      }
      const after = await this.repo.list(trx, categoryId)
      for (const id of saved) {
        const before = byId.get(id)
        const updated = after.find((t) => t.id === id)
        if (!updated) continue
        if (!before)
          await this.ctx.audit(
            trx,
            actor,
            'leadType.create',
            { type: 'leadType', id },
            `Created lead type ${updated.name}`,
            undefined,
            updated,
          )
        else if (JSON.stringify(before) !== JSON.stringify(updated))
          await this.ctx.audit(
            trx,
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

  async reorder(actor: Actor, categoryId: number, ids: number[]): Promise<LeadTypeDef[]> {
    return this.ctx.write(['leadTypes'], async (trx) => {
      const ranked = (await this.repo.list(trx, categoryId)).filter((t) => !t.isFallback)
      const current = ranked.map((t) => t.id)
      if (ids.length !== current.length || new Set(ids).size !== ids.length || !ids.every((id) => current.includes(id)))
        throw validation({ ids: 'List every lead type of the category (except the fallback) exactly once' })
      for (const [index, id] of ids.entries()) await this.repo.update(trx, id, { priority: index + 1 }, this.ctx.now())
      const name = (id: number) => ranked.find((t) => t.id === id)?.name
      await this.ctx.audit(
        trx,
        actor,
        'leadType.reorder',
        { type: 'category', id: categoryId },
        'Changed the priority of lead types',
        current.map(name),
        ids.map(name),
      )
      return this.repo.list(trx, categoryId)
    })
  }

  /**
   * Classifies the category's newest leads with the edited types, exactly as the engine does
   * (classifyLeadType over active types), and compares with the type each lead has now.
   * Draft types without an id get negative ids so they never collide with stored ones.
   */
  async dryRun(categoryId: number, types: DraftType[], limit: number): Promise<DryRunResult> {
    await this.checkCategory(this.ctx.db, categoryId)
    const names = new Map<number | null, string>([[null, 'Uncategorized']])
    for (const t of await this.repo.list(this.ctx.db, categoryId)) names.set(t.id, t.name)
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
    const checked = await scanRecentLeads(this.ctx.db, this.leads, categoryId, limit, (lead) => {
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
