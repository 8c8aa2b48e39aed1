import type { ColumnMappingInput, FixedValuesInput, ImportIssue, ImportResult } from '../../../shared/api/imports'
import { AppError } from '../../../shared/api/errors'
import { isContactField } from '../../../shared/domain/lead'
import type { ImportCategoryRow } from '../../db/repositories/imports'
import { mapRow } from './match'
import type { Validated } from './validator'

/** A column mapping and the fields given one value for every row instead of a column. */
export interface Mapping {
  mapping: ColumnMappingInput
  fixed: FixedValuesInput
}

/** Mapping keys must be the category's fields and point at existing columns. */
export function checkMapping(
  category: ImportCategoryRow,
  columns: number,
  mapping: ColumnMappingInput,
): ColumnMappingInput {
  const keys = new Set(category.fields.map((f) => f.key))
  const problems: Record<string, string> = {}
  for (const [key, index] of Object.entries(mapping)) {
    if (!keys.has(key)) problems[`mapping.${key}`] = `${category.name} has no field "${key}"`
    else if (index !== null && index >= columns) problems[`mapping.${key}`] = `The file has no column ${index + 1}`
  }
  if (Object.keys(problems).length > 0) throw new AppError('VALIDATION', 'The column mapping does not fit', problems)
  return mapping
}

/** Fixed values are for the category's fields only. */
export function checkFixed(category: ImportCategoryRow, fixed: FixedValuesInput): void {
  const keys = new Set(category.fields.map((f) => f.key))
  const problems: Record<string, string> = {}
  for (const key of Object.keys(fixed)) {
    if (!keys.has(key)) problems[`fixed.${key}`] = `${category.name} has no field "${key}"`
  }
  if (Object.keys(problems).length > 0) throw new AppError('VALIDATION', 'The fixed values do not fit', problems)
}

/** A required field needs a column or a fixed value. */
export function requireMapped(category: ImportCategoryRow, { mapping, fixed }: Mapping): void {
  const missing: Record<string, string> = {}
  for (const f of category.fields) {
    if (f.required && (mapping[f.key] === null || mapping[f.key] === undefined) && fixed[f.key] === undefined) {
      missing[`mapping.${f.key}`] = `Choose the column for ${f.label} (required), or give it a fixed value`
    }
  }
  if (Object.keys(missing).length > 0) throw new AppError('VALIDATION', 'Map a column to every required field', missing)
}

/** A row's values by field: its mapped cells, with fixed values in place of columns. */
export function rowValues(cells: readonly string[], { mapping, fixed }: Mapping): Record<string, string> {
  const values = mapRow(cells, mapping)
  for (const key in fixed) values[key] = fixed[key] as string
  return values
}

export function resultOf(
  batch: { id: number; rows_imported: number; rows_rejected: number; rows_duplicate: number },
  closesAt: number | null,
): ImportResult {
  return {
    batchId: batch.id,
    imported: batch.rows_imported,
    rejected: batch.rows_rejected,
    duplicates: batch.rows_duplicate,
    cancelled: false,
    closesAt,
  }
}

export function fieldLabel(category: ImportCategoryRow, key: string): string {
  return category.fields.find((f) => f.key === key)?.label ?? key
}

export function issuesOf(row: number, category: ImportCategoryRow, fields: Record<string, string>): ImportIssue[] {
  return Object.entries(fields).map(([key, reason]) => ({ row, field: fieldLabel(category, key), reason }))
}

/** The values a lead will hold, by field key: contact columns and details together. */
export function storedValues(category: ImportCategoryRow, result: Extract<Validated, { ok: true }>) {
  const values: Record<string, string | number | boolean | null> = {}
  for (const f of category.fields) {
    const v = isContactField(f.key) ? result.contact[f.key] : result.details[f.key]
    values[f.key] = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null
  }
  return values
}
