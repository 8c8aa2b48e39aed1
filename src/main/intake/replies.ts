import { AppError } from '../../shared/api/errors'
import type { IntakeReply } from './types'

/** The error bodies of the intake API: a stable `error` word, a sentence, and per-field messages for 422. */
export const reply = {
  validation: (fields: Record<string, string>, message = 'Some fields are not valid'): IntakeReply => ({
    status: 422,
    body: { error: 'validation', message, fields },
  }),
  conflict: (message: string): IntakeReply => ({ status: 409, body: { error: 'conflict', message } }),
}

/** Maps a service error to an answer; anything unexpected is a 500 that reveals nothing internal. */
export function errorReply(error: unknown): IntakeReply {
  if (error instanceof AppError) {
    switch (error.code) {
      case 'VALIDATION':
        return reply.validation(error.fields ?? {}, error.message)
      case 'NOT_FOUND':
        return reply.validation(error.fields ?? { category: error.message }, error.message)
      case 'CONFLICT':
      case 'INVALID_STATE':
        return reply.conflict(error.message)
      default:
        break
    }
  }
  console.error('Intake request failed:', error)
  return { status: 500, body: { error: 'internal', message: 'The lead could not be processed; try again' } }
}

/** Body keys that steer the request rather than describe the lead. */
const CONTROL_KEYS = new Set(['category', 'external_id', 'ping_id'])

export function leadFields(body: Record<string, unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(body)) if (!CONTROL_KEYS.has(key)) fields[key] = value
  return fields
}

export function categoryOf(
  body: Record<string, unknown>,
  defaultCategoryId: number | null,
): { categorySlug?: string; categoryId?: number | null } | IntakeReply {
  const category = body.category
  if (category === undefined || category === null || category === '') return { categoryId: defaultCategoryId }
  if (typeof category !== 'string') return reply.validation({ category: 'Give the category as its slug (a string)' })
  return { categorySlug: category }
}

export function isReply(value: object): value is IntakeReply {
  return 'status' in value && 'body' in value
}

/** `Idempotency-Key` header, else the `external_id` field. */
export function idempotencyKeyOf(
  headerValue: string | string[] | undefined,
  body: Record<string, unknown>,
): string | null | IntakeReply {
  const header = Array.isArray(headerValue) ? headerValue[0] : headerValue
  const raw = header ?? body.external_id
  if (raw === undefined || raw === null || raw === '') return null
  if (typeof raw !== 'string' && typeof raw !== 'number')
    return reply.validation({ external_id: 'Give the external id as text' })
  const key = String(raw).trim()
  if (key.length > 200) return reply.validation({ external_id: 'The idempotency key is longer than 200 characters' })
  return key
}

export const dollars = (cents: number | null): number | null => (cents === null ? null : cents / 100)
