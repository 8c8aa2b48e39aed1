import type { Selectable } from 'kysely'
import type { CategoryDetail, CategorySummary, FieldDef } from '../../../../shared/api/settings/categories'
import {
  type AuditRule,
  type ConditionGroup,
  type DuplicateRule,
  FIELD_TYPES,
  type FieldValidation,
} from '../../../../shared/domain/config'
import { parseJson, toBool } from '../../json'
import type { CategoriesTable, FieldsTable } from '../../schema'
import type { Store } from '../../store'

/** A field as written: its definition without the row id. */
export type FieldRow = Omit<FieldDef, 'id'>

/** The category settings an update may change; what is left out stays as it is. */
export type CategoryPatch = Partial<
  Pick<CategoryDetail, 'name' | 'archived' | 'matchConditions' | 'duplicateRule' | 'auditRule' | 'defaultPlanId'>
>

/** The columns of a field an edit may change (its standard flag and position are set once). */
function editableFieldColumns(f: Omit<FieldRow, 'standard' | 'position'>) {
  return {
    key: f.key,
    label: f.label,
    type: f.type,
    required: f.required ? 1 : 0,
    required_for_ping: f.requiredForPing ? 1 : 0,
    deliverable: f.deliverable ? 1 : 0,
    validation: JSON.stringify(f.validation),
  }
}

const DEFAULT_DUPLICATE: DuplicateRule = { keys: ['email', 'phone'], days: 30 }
const DEFAULT_AUDIT: AuditRule = { conditions: null, sourceIds: [], samplePercent: 0 }

function mapField(r: Selectable<FieldsTable>): FieldDef {
  return {
    id: r.id,
    key: r.key,
    label: r.label,
    // The column's CHECK constraint allows only these; anything else reads as text.
    type: FIELD_TYPES.find((t) => t === r.type) ?? 'text',
    required: toBool(r.required),
    requiredForPing: toBool(r.required_for_ping),
    deliverable: toBool(r.deliverable),
    standard: toBool(r.standard),
    validation: parseJson<FieldValidation>(r.validation, {}),
    position: r.position,
  }
}

/** Categories and their fields. */
export class CategoriesRepository {
  constructor(private readonly store: Store) {}

  list(includeArchived: boolean): CategorySummary[] {
    let q = this.store.q
      .selectFrom('categories as c')
      .select((eb) => [
        'c.id',
        'c.slug',
        'c.name',
        'c.archived',
        eb
          .selectFrom('fields')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('fields.category_id', '=', 'c.id')
          .as('fieldCount'),
        eb
          .selectFrom('lead_types')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('lead_types.category_id', '=', 'c.id')
          .as('leadTypeCount'),
      ])
      .orderBy('c.archived')
      .orderBy('c.name')
    if (!includeArchived) q = q.where('c.archived', '=', 0)
    return this.store.all(q).map((r) => ({
      id: r.id,
      slug: r.slug,
      name: r.name,
      archived: toBool(r.archived),
      fieldCount: r.fieldCount ?? 0,
      leadTypeCount: r.leadTypeCount ?? 0,
    }))
  }

  row(id: number): Selectable<CategoriesTable> | undefined {
    return this.store.first(this.store.q.selectFrom('categories').selectAll().where('id', '=', id))
  }

  fields(categoryId: number): FieldDef[] {
    return this.store
      .all(
        this.store.q
          .selectFrom('fields')
          .selectAll()
          .where('category_id', '=', categoryId)
          .orderBy('position')
          .orderBy('id'),
      )
      .map(mapField)
  }

  detail(id: number): CategoryDetail | undefined {
    const row = this.row(id)
    if (!row) return undefined
    const fields = this.fields(id)
    const leadTypeCount =
      this.store.first(
        this.store.q
          .selectFrom('lead_types')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('category_id', '=', id),
      )?.n ?? 0
    return {
      id: row.id,
      slug: row.slug,
      name: row.name,
      archived: toBool(row.archived),
      fieldCount: fields.length,
      leadTypeCount,
      fields,
      matchConditions: parseJson<ConditionGroup | null>(row.match_conditions, null),
      duplicateRule: parseJson(row.duplicate_rule, DEFAULT_DUPLICATE),
      auditRule: parseJson(row.audit_rule, DEFAULT_AUDIT),
      defaultPlanId: row.default_plan_id,
    }
  }

  slugTaken(slug: string): boolean {
    return this.store.first(this.store.q.selectFrom('categories').select('id').where('slug', '=', slug)) !== undefined
  }

  insert(c: { slug: string; name: string; now: number }): number {
    const r = this.store.run(
      this.store.q.insertInto('categories').values({
        slug: c.slug,
        name: c.name,
        match_conditions: null,
        default_plan_id: null,
        created_at: c.now,
        updated_at: c.now,
      }),
    )
    return Number(r.lastInsertRowid)
  }

  update(id: number, patch: CategoryPatch, now: number): void {
    this.store.run(
      this.store.q
        .updateTable('categories')
        .set({
          updated_at: now,
          ...(patch.name !== undefined && { name: patch.name }),
          ...(patch.archived !== undefined && { archived: patch.archived ? 1 : 0 }),
          ...(patch.matchConditions !== undefined && {
            match_conditions: patch.matchConditions === null ? null : JSON.stringify(patch.matchConditions),
          }),
          ...(patch.duplicateRule !== undefined && { duplicate_rule: JSON.stringify(patch.duplicateRule) }),
          ...(patch.auditRule !== undefined && { audit_rule: JSON.stringify(patch.auditRule) }),
          ...(patch.defaultPlanId !== undefined && { default_plan_id: patch.defaultPlanId }),
        })
        .where('id', '=', id),
    )
  }

  insertField(categoryId: number, f: FieldRow): number {
    const r = this.store.run(
      this.store.q.insertInto('fields').values({
        category_id: categoryId,
        ...editableFieldColumns(f),
        standard: f.standard ? 1 : 0,
        position: f.position,
      }),
    )
    return Number(r.lastInsertRowid)
  }

  updateField(fieldId: number, f: Omit<FieldRow, 'standard' | 'position'>): void {
    this.store.run(this.store.q.updateTable('fields').set(editableFieldColumns(f)).where('id', '=', fieldId))
  }

  deleteField(fieldId: number): void {
    this.store.run(this.store.q.deleteFrom('fields').where('id', '=', fieldId))
  }

  setFieldPosition(fieldId: number, position: number): void {
    this.store.run(this.store.q.updateTable('fields').set({ position }).where('id', '=', fieldId))
  }

  touch(id: number, now: number): void {
    this.store.run(this.store.q.updateTable('categories').set({ updated_at: now }).where('id', '=', id))
  }
}
