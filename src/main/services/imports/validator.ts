import type { Contact } from '../../../shared/domain/lead'
import { splitValues, validateLead } from '../../engine/validate'
import type { ImportCategoryRow } from '../../db/repositories/imports'
import type { ImportDuplicateCheck } from './duplicates'

export type Validated =
  { ok: true; contact: Contact; details: Record<string, unknown> } | { ok: false; fields: Record<string, string> }

export type ValidateFields = (categoryId: number, fields: Record<string, unknown>) => Validated

interface DistributionLike {
  /** Resolves once the engine's configuration reflects every committed settings change. */
  ready(): Promise<void>
  validateFields(categoryId: number, fields: Record<string, unknown>, mode?: 'post' | 'ping'): Validated
  duplicateCheck(categoryId: number): ImportDuplicateCheck | null
}

function distributionOf(services: object): DistributionLike | null {
  const engine: unknown = 'distribution' in services ? services.distribution : undefined
  return typeof engine === 'object' && engine !== null && 'validateFields' in engine && 'duplicateCheck' in engine
    ? (engine as DistributionLike)
    : null
}

/**
 * Imported rows are validated exactly as API leads are: by the distribution service when the
 * workspace runs one, else by the same engine rules over the category's fields.
 */
export async function fieldValidator(services: object, category: ImportCategoryRow): Promise<ValidateFields> {
  const engine = distributionOf(services)
  await engine?.ready()
  if (engine) return (categoryId, fields) => engine.validateFields(categoryId, fields, 'post')
  const defs = category.fields.map((f) => ({ ...f, requiredForPing: false }))
  return (_categoryId, fields) => {
    const result = validateLead(defs, fields, 'post')
    return result.ok ? { ok: true, ...splitValues(result.values) } : result
  }
}

/** The category's duplicate rule, through the same code path as the intake's duplicate check. */
export async function duplicateCheck(services: object, categoryId: number): Promise<ImportDuplicateCheck | null> {
  const engine = distributionOf(services)
  await engine?.ready()
  return engine?.duplicateCheck(categoryId) ?? null
}
