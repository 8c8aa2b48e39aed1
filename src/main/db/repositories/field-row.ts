import type { Selectable } from 'kysely'
import type { LeadField } from '../../../shared/api/leads'
import { FIELD_TYPES, type FieldValidation } from '../../../shared/domain/config'
import { parseJson, toBool } from '../json'
import type { FieldsTable } from '../schema'

type FieldColumns = Pick<
  Selectable<FieldsTable>,
  'key' | 'label' | 'type' | 'required' | 'deliverable' | 'standard' | 'validation'
>

/** A `fields` row as a category field definition (flags as booleans, validation parsed). */
export function toLeadField(r: FieldColumns): LeadField {
  return {
    key: r.key,
    label: r.label,
    // The column's CHECK constraint allows only these; anything else reads as text.
    type: FIELD_TYPES.find((t) => t === r.type) ?? 'text',
    required: toBool(r.required),
    deliverable: toBool(r.deliverable),
    standard: toBool(r.standard),
    validation: parseJson<FieldValidation>(r.validation, {}),
  }
}
