import { AppError, invalidState, notFound, validation } from '../../../shared/api/errors'
import type { CategoryDetail, CategorySummary, FieldImpact, FieldInput } from '../../../shared/api/settings/categories'
import type { FieldType } from '../../../shared/domain/config'
import type { Executor } from '../../db/executor'
import { CategoriesRepository, type CategoryPatch, type FieldRow } from '../../db/repositories/config/categories'
import { RecentLeadsRepository } from '../../db/repositories/config/recent-leads'
import { joinValues } from '../../engine/validate'
import type { Actor } from '../deps'
import type { ConfigContext } from './context'
import { scanRecentLeads } from './scan'
import { fieldProblem, ruleProblems } from './field-check'

/** The contact fields every category has; they cannot be removed, only their flags change. */
export const STANDARD_FIELDS: { key: string; label: string; type: FieldType }[] = [
  { key: 'first_name', label: 'First name', type: 'text' },
  { key: 'last_name', label: 'Last name', type: 'text' },
  { key: 'email', label: 'Email', type: 'email' },
  { key: 'phone', label: 'Phone', type: 'phone' },
  { key: 'address', label: 'Address', type: 'text' },
  { key: 'city', label: 'City', type: 'text' },
  { key: 'county', label: 'County', type: 'text' },
  { key: 'state', label: 'State', type: 'text' },
  { key: 'zip', label: 'ZIP code', type: 'zip' },
]

/** How far back a field change is checked against stored leads. */
const IMPACT_LIMIT = 100_000

function slugify(name: string): string {
  return (
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'category'
  )
}

type ParsedField = Required<Omit<FieldInput, 'validation'>> & { validation: NonNullable<FieldInput['validation']> }

export class CategoriesSettings {
  private readonly repo = new CategoriesRepository()
  private readonly leads = new RecentLeadsRepository()

  constructor(private readonly ctx: ConfigContext) {}

  async list(includeArchived: boolean): Promise<CategorySummary[]> {
    return this.repo.list(this.ctx.db, includeArchived)
  }

  async get(id: number): Promise<CategoryDetail> {
    return this.find(this.ctx.db, id)
  }

  private async find(db: Executor, id: number): Promise<CategoryDetail> {
    const detail = await this.repo.detail(db, id)
    if (!detail) throw notFound('Category')
    return detail
  }

  async create(actor: Actor, input: { name: string; slug?: string }): Promise<CategoryDetail> {
    return this.ctx.write(['categories'], async (trx) => {
      let slug = input.slug ?? slugify(input.name)
      if (input.slug !== undefined && (await this.repo.slugTaken(trx, slug)))
        throw new AppError('CONFLICT', `The slug ${slug} is already used`, { slug: 'Already used by another category' })
      // A derived slug gets a number instead of failing: the operator only typed a name.
      for (let n = 2; await this.repo.slugTaken(trx, slug); n++) slug = `${slugify(input.name)}-${n}`
      const id = await this.repo.insert(trx, { slug, name: input.name, now: this.ctx.now() })
      for (const [position, f] of STANDARD_FIELDS.entries())
        await this.repo.insertField(trx, id, {
          ...f,
          required: false,
          requiredForPing: false,
          deliverable: true,
          standard: true,
          validation: {},
          position,
        })
      const after = await this.find(trx, id)
      await this.ctx.audit(
        trx,
        actor,
        'category.create',
        { type: 'category', id },
        `Created category ${input.name}`,
        undefined,
        { name: after.name, slug: after.slug },
      )
      return after
    })
  }

  async update(actor: Actor, input: { id: number } & CategoryPatch): Promise<CategoryDetail> {
    return this.ctx.write(['categories'], async (trx) => {
      const before = await this.find(trx, input.id)
      if (input.duplicateRule) {
        const keys = new Set(before.fields.map((f) => f.key))
        const unknown = input.duplicateRule.keys.filter((k) => !keys.has(k))
        if (unknown.length)
          throw validation({ 'duplicateRule.keys': `Not fields of this category: ${unknown.join(', ')}` })
      }
      if (input.defaultPlanId != null && !(await this.ctx.refs.exists(trx, 'distribution_plans', input.defaultPlanId)))
        throw validation({ defaultPlanId: 'No such distribution plan' })
      const { id, ...patch } = input
      await this.repo.update(trx, id, patch, this.ctx.now())
      const after = await this.find(trx, id)
      const changed = Object.keys(patch) as (keyof typeof patch)[]
      const pick = (d: CategoryDetail) => Object.fromEntries(changed.map((k) => [k, d[k]]))
      await this.ctx.audit(
        trx,
        actor,
        'category.update',
        { type: 'category', id },
        `Changed ${changed.join(', ') || 'nothing'} of category ${after.name}`,
        pick(before),
        pick(after),
      )
      return after
    })
  }

  /** The field as it would be saved: standard fields keep their key, label and type. */
  private resolveField(category: CategoryDetail, fieldId: number | undefined, field: ParsedField) {
    const existing = fieldId === undefined ? undefined : category.fields.find((f) => f.id === fieldId)
    if (fieldId !== undefined && !existing) throw notFound('Field')
    const resolved = existing?.standard ? { ...field, key: existing.key, type: existing.type } : field
    const problems = ruleProblems(resolved.type, resolved.validation)
    if (Object.keys(problems).length) throw validation(problems)
    const clash = category.fields.find((f) => f.key === resolved.key && f.id !== fieldId)
    if (clash)
      throw new AppError('CONFLICT', `This category already has a field ${resolved.key}`, {
        'field.key': 'Already used',
      })
    return { existing, resolved }
  }

  /** A read over stored leads, a page at a time on the database itself (no write is open meanwhile). */
  async impact(categoryId: number, fieldId: number | undefined, field: ParsedField): Promise<FieldImpact> {
    const category = await this.get(categoryId)
    const { resolved } = this.resolveField(category, fieldId, field)
    const result: FieldImpact = { checked: 0, invalid: 0, samples: [] }
    result.checked = await scanRecentLeads(this.ctx.db, this.leads, categoryId, IMPACT_LIMIT, (lead) => {
      const value = joinValues(lead.contact, lead.details)[resolved.key]
      const problem = fieldProblem(resolved, value)
      if (problem === null) return
      result.invalid++
      if (result.samples.length < 5)
        result.samples.push({ id: lead.id, uuid: lead.uuid, value: value ?? null, reason: problem })
    })
    return result
  }

  async saveField(
    actor: Actor,
    categoryId: number,
    fieldId: number | undefined,
    field: ParsedField,
  ): Promise<CategoryDetail> {
    return this.ctx.write(['categories'], async (trx) => {
      const category = await this.find(trx, categoryId)
      const { existing, resolved } = this.resolveField(category, fieldId, field)
      const row: Omit<FieldRow, 'standard' | 'position'> = {
        key: resolved.key,
        label: resolved.label,
        type: resolved.type,
        required: resolved.required,
        requiredForPing: resolved.requiredForPing,
        deliverable: resolved.deliverable,
        validation: resolved.validation,
      }
      if (existing) {
        await this.repo.updateField(trx, existing.id, row)
      } else {
        const position = Math.max(-1, ...category.fields.map((f) => f.position)) + 1
        await this.repo.insertField(trx, categoryId, { ...row, standard: false, position })
      }
      await this.repo.touch(trx, categoryId, this.ctx.now())
      await this.ctx.audit(
        trx,
        actor,
        existing ? 'field.update' : 'field.create',
        { type: 'category', id: categoryId },
        `${existing ? 'Changed' : 'Added'} field ${row.key} of ${category.name}`,
        existing,
        row,
      )
      return this.find(trx, categoryId)
    })
  }

  async deleteField(actor: Actor, categoryId: number, fieldId: number): Promise<CategoryDetail> {
    return this.ctx.write(['categories'], async (trx) => {
      const category = await this.find(trx, categoryId)
      const field = category.fields.find((f) => f.id === fieldId)
      if (!field) throw notFound('Field')
      if (field.standard) throw invalidState(`${field.label} is a standard field and cannot be removed`)
      await this.repo.deleteField(trx, fieldId)
      await this.repo.touch(trx, categoryId, this.ctx.now())
      await this.ctx.audit(
        trx,
        actor,
        'field.delete',
        { type: 'category', id: categoryId },
        `Removed field ${field.key} of ${category.name}`,
        field,
        undefined,
      )
      return this.find(trx, categoryId)
    })
  }

  async reorderFields(actor: Actor, categoryId: number, fieldIds: number[]): Promise<CategoryDetail> {
    return this.ctx.write(['categories'], async (trx) => {
      const category = await this.find(trx, categoryId)
      const current = category.fields.map((f) => f.id)
      if (
        fieldIds.length !== current.length ||
        new Set(fieldIds).size !== fieldIds.length ||
        !fieldIds.every((id) => current.includes(id))
      )
        throw validation({ fieldIds: 'List every field of the category exactly once' })
      for (const [position, id] of fieldIds.entries()) await this.repo.setFieldPosition(trx, id, position)
      await this.repo.touch(trx, categoryId, this.ctx.now())
      const keys = (ids: number[]) => ids.map((id) => category.fields.find((f) => f.id === id)?.key)
      await this.ctx.audit(
        trx,
        actor,
        'field.reorder',
        { type: 'category', id: categoryId },
        `Reordered the fields of ${category.name}`,
        keys(current),
        keys(fieldIds),
      )
      return this.find(trx, categoryId)
    })
  }
}
