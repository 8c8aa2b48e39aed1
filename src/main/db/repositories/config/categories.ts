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
import type { Executor } from '../../executor'

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
  async list(db: Executor, includeArchived: boolean): Promise<CategorySummary[]> {
    let q = db
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
    return (await q.execute()).map((r) => ({
      id: r.id,
      slug: r.slug,
      name: r.name,
      archived: toBool(r.archived),
      fieldCount: r.fieldCount ?? 0,
      leadTypeCount: r.leadTypeCount ?? 0,
    }))
  }

  async row(db: Executor, id: number): Promise<Selectable<CategoriesTable> | undefined> {
    return db.selectFrom('categories').selectAll().where('id', '=', id).executeTakeFirst()
  }

  async fields(db: Executor, categoryId: number): Promise<FieldDef[]> {
    const rows = await db
      .selectFrom('fields')
      .selectAll()
      .where('category_id', '=', categoryId)
      .orderBy('position')
      .orderBy('id')
      .execute()
    return rows.map(mapField)
  }

  async detail(db: Executor, id: number): Promise<CategoryDetail | undefined> {
    const row = await this.row(db, id)
    if (!row) return undefined
    const fields = await this.fields(db, id)
    const count = await db
      .selectFrom('lead_types')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('category_id', '=', id)
      .executeTakeFirst()
    const leadTypeCount = count?.n ?? 0
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

  async slugTaken(db: Executor, slug: string): Promise<boolean> {
    return (await db.selectFrom('categories').select('id').where('slug', '=', slug).executeTakeFirst()) !== undefined
  }

  async insert(db: Executor, c: { slug: string; name: string; now: number }): Promise<number> {
    const r = await db
      .insertInto('categories')
      .values({
        slug: c.slug,
        name: c.name,
        match_conditions: null,
        default_plan_id: null,
        created_at: c.now,
        updated_at: c.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return r.id
  }

  async update(db: Executor, id: number, patch: CategoryPatch, now: number): Promise<void> {
    await db
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
      .where('id', '=', id)
      .execute()
  }

  async insertField(db: Executor, categoryId: number, f: FieldRow): Promise<number> {
    const r = await db
      .insertInto('fields')
      .values({
        category_id: categoryId,
        ...editableFieldColumns(f),
        standard: f.standard ? 1 : 0,
        position: f.position,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return r.id
  }

  async updateField(db: Executor, fieldId: number, f: Omit<FieldRow, 'standard' | 'position'>): Promise<void> {
    await db.updateTable('fields').set(editableFieldColumns(f)).where('id', '=', fieldId).execute()
  }

  async deleteField(db: Executor, fieldId: number): Promise<void> {
    await db.deleteFrom('fields').where('id', '=', fieldId).execute()
  }

  async setFieldPosition(db: Executor, fieldId: number, position: number): Promise<void> {
    await db.updateTable('fields').set({ position }).where('id', '=', fieldId).execute()
  }

  async touch(db: Executor, id: number, now: number): Promise<void> {
    await db.updateTable('categories').set({ updated_at: now }).where('id', '=', id).execute()
  }
}
