import type { FieldType, FieldValidation } from '../../shared/domain/config'

/** A category field as the engine sees it (booleans already mapped). */
export interface FieldDef {
  key: string
  label: string
  type: FieldType
  required: boolean
  requiredForPing: boolean
  deliverable: boolean
  validation: FieldValidation
}

/** One line of a lead's decision trace. */
export interface TraceEvent {
  stage: string
  kind: string
  message: string
  data?: unknown
}
