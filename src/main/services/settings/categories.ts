import { AppError, invalidState, notFound, validation } from '../../../shared/api/errors'
import type { CategoryDetail, FieldImpact, FieldInput } from '../../../shared/api/settings/categories'
import type { FieldType } from '../../../shared/domain/config'
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
  private readonly repo: CategoriesRepository
  private readonly leads: RecentLeadsRepository

  constructor(private readonly ctx: ConfigContext) {
    this.repo = new CategoriesRepository(ctx.deps.store)
    this.leads = new RecentLeadsRepository(ctx.deps.store)
  }

  list(includeArchived: boolean) {
    return this.repo.list(includeArchived)
  }

  get(id: number): CategoryDetail {
    const detail = this.repo.detail(id)
    if (!detail) throw notFound('Category')
    return detail
  }

  create(actor: Actor, input: { name: string; slug?: string }): CategoryDetail {
    return this.ctx.write(['categories'], () => {
      let slug = input.slug ?? slugify(input.name)
      if (input.slug !== undefined && this.repo.slugTaken(slug))
        throw new AppError('CONFLICT', `The slug ${slug} is already used`, { slug: 'Already used by another category' })
      // A derived slug gets a number instead of failing: the operator only typed a name.
      for (let n = 2; this.repo.slugTaken(slug); n++) slug = `${slugify(input.name)}-${n}`
      const id = this.repo.insert({ slug, name: input.name, now: this.ctx.now() })
      STANDARD_FIELDS.forEach((f, position) =>
        this.repo.insertField(id, {
          ...f,
          required: false,
          requiredForPing: false,
          deliverable: true,
          standard: true,
          validation: {},
          position,
        }),
      )
      const after = this.get(id)
      this.ctx.audit(actor, 'category.create', { type: 'category', id }, `Created category ${input.name}`, undefined, {
        name: after.name,
        slug: after.slug,
      })
      return after
    })
  }

  update(actor: Actor, input: { id: number } & CategoryPatch): CategoryDetail {
    return this.ctx.write(['categories'], () => {
      const before = this.get(input.id)
      if (input.duplicateRule) {
        const keys = new Set(before.fields.map((f) => f.key))
        const unknown = input.duplicateRule.keys.filter((k) => !keys.has(k))
        if (unknown.length)
          throw validation({ 'duplicateRule.keys': `Not fields of this category: ${unknown.join(', ')}` })
      }
      if (input.defaultPlanId != null && !this.ctx.refs.exists('distribution_plans', input.defaultPlanId))
        throw validation({ defaultPlanId: 'No such distribution plan' })
      const { id, ...patch } = input
      this.repo.update(id, patch, this.ctx.now())
      const after = this.get(id)
      const changed = Object.keys(patch) as (keyof typeof patch)[]
      const pick = (d: CategoryDetail) => Object.fromEntries(changed.map((k) => [k, d[k]]))
      this.ctx.audit(
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

  async impact(categoryId: number, fieldId: number | undefined, field: ParsedField): Promise<FieldImpact> {
    const category = this.get(categoryId)
    const { resolved } = this.resolveField(category, fieldId, field)
    const result: FieldImpact = { checked: 0, invalid: 0, samples: [] }
    result.checked = await scanRecentLeads(this.leads, categoryId, IMPACT_LIMIT, (lead) => {
      const value = joinValues(lead.contact, lead.details)[resolved.key]
      const problem = fieldProblem(resolved, value)
      if (problem === null) return
      result.invalid++
      if (result.samples.length < 5)
        result.samples.push({ id: lead.id, uuid: lead.uuid, value: value ?? null, reason: problem })
    })
    return result
  }

  saveField(actor: Actor, categoryId: number, fieldId: number | undefined, field: ParsedField): CategoryDetail {
    return this.ctx.write(['categories'], () => {
      const category = this.get(categoryId)
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
        this.repo.updateField(existing.id, row)
      } else {
        const position = Math.max(-1, ...category.fields.map((f) => f.position)) + 1
        this.repo.insertField(categoryId, { ...row, standard: false, position })
      }
      this.repo.touch(categoryId, this.ctx.now())
      this.ctx.audit(
        actor,
        existing ? 'field.update' : 'field.create',
        { type: 'category', id: categoryId },
        `${existing ? 'Changed' : 'Added'} field ${row.key} of ${category.name}`,
        existing,
        row,
      )
      return this.get(categoryId)
    })
  }

  deleteField(actor: Actor, categoryId: number, fieldId: number): CategoryDetail {
    return this.ctx.write(['categories'], () => {
      const category = this.get(categoryId)
      const field = category.fields.find((f) => f.id === fieldId)
      if (!field) throw notFound('Field')
      if (field.standard) throw invalidState(`${field.label} is a standard field and cannot be removed`)
      this.repo.deleteField(fieldId)
      this.repo.touch(categoryId, this.ctx.now())
      this.ctx.audit(
        actor,
        'field.delete',
        { type: 'category', id: categoryId },
        `Removed field ${field.key} of ${category.name}`,
        field,
        undefined,
      )
      return this.get(categoryId)
    })
  }

  reorderFields(actor: Actor, categoryId: number, fieldIds: number[]): CategoryDetail {
    return this.ctx.write(['categories'], () => {
      const category = this.get(categoryId)
      const current = category.fields.map((f) => f.id)
      if (
        fieldIds.length !== current.length ||
        new Set(fieldIds).size !== fieldIds.length ||
        !fieldIds.every((id) => current.includes(id))
      )
        throw validation({ fieldIds: 'List every field of the category exactly once' })
      fieldIds.forEach((id, position) => this.repo.setFieldPosition(id, position))
      this.repo.touch(categoryId, this.ctx.now())
      const keys = (ids: number[]) => ids.map((id) => category.fields.find((f) => f.id === id)?.key)
      this.ctx.audit(
        actor,
        'field.reorder',
        { type: 'category', id: categoryId },
        `Reordered the fields of ${category.name}`,
        keys(current),
        keys(fieldIds),
      )
      return this.get(categoryId)
    })
  }
}
