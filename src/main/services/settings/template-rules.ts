import { validation } from '../../../shared/api/errors'
import { FIELD_TYPES, type FieldType, type PartnerResponse } from '../../../shared/domain/config'
import { CONTACT_FIELDS } from '../../../shared/domain/lead'
import { type PartnerRequest, PII_FIELDS, type RequestTemplate } from '../../../shared/domain/template'
import { categoryFieldRows } from '../../db/repositories/config/template-fields'
import type { Executor } from '../../db/executor'
import { type KnownField, templateProblems, type TemplateRules } from '../../engine/template/validate'

const CONTACT_TYPES: Partial<Record<string, FieldType>> = { email: 'email', phone: 'phone', zip: 'zip' }

/** Every field a lead may have: the standard contact fields and each category's fields. */
export async function knownFields(db: Executor): Promise<Map<string, KnownField>> {
  const map = new Map<string, { types: Set<FieldType>; deliverable: boolean }>()
  for (const key of CONTACT_FIELDS) map.set(key, { types: new Set([CONTACT_TYPES[key] ?? 'text']), deliverable: false })
  for (const row of await categoryFieldRows(db)) {
    const type = (FIELD_TYPES as readonly string[]).includes(row.type) ? (row.type as FieldType) : 'text'
    const known = map.get(row.key) ?? { types: new Set<FieldType>(), deliverable: false }
    known.types.add(type)
    known.deliverable ||= row.deliverable
    map.set(row.key, known)
  }
  return map
}

function regexProblem(pattern: string | undefined): string | null {
  if (!pattern) return null
  try {
    new RegExp(pattern)
    return null
  } catch {
    return 'This is not a valid regular expression'
  }
}

function responseProblems(r: PartnerResponse): Record<string, string> {
  const out: Record<string, string> = {}
  if (r.format === 'regex') {
    const checks = {
      acceptedPattern: r.acceptedPattern,
      pricePattern: r.pricePattern,
      referencePattern: r.referencePattern,
    }
    for (const [key, pattern] of Object.entries(checks)) {
      const problem = regexProblem(pattern)
      if (problem) out[`response.${key}`] = problem
    }
    if (!r.acceptedPattern) out['response.acceptedPattern'] = 'Enter the pattern that means accepted'
  } else if (!r.acceptedPath.trim()) out['response.acceptedPath'] = 'Enter the path that says accepted'
  return out
}

/**
 * Refuses a partner's request settings that could not be sent as intended: unknown fields,
 * contact data in a ping, transforms that do not fit the field, a GET with a body.
 */
export async function assertPartnerRequest(
  db: Executor,
  input: { method: string; request: PartnerRequest; response: PartnerResponse },
): Promise<void> {
  const fields = await knownFields(db)
  const base: Omit<TemplateRules, 'leadValues'> = { format: input.request.format, fields }
  const problems: Record<string, string> = {
    ...templateProblems(
      input.request.ping,
      {
        ...base,
        leadValues: ['uuid'],
        forbidden: (k) => (PII_FIELDS.has(k) ? 'A ping never carries contact details; put it in the post' : null),
      },
      'request.ping',
    ),
    ...templateProblems(input.request.post, { ...base, leadValues: ['uuid', 'ping_reference'] }, 'request.post'),
    ...responseProblems(input.response),
  }
  if (input.method === 'GET' && input.request.format !== 'query')
    problems['request.format'] = 'A GET request carries the lead in its query string: choose Query string'
  if (Object.keys(problems).length > 0) throw validation(problems, firstOf(problems))
}

/** A customer's webhook template: known fields, each deliverable, transforms that fit. */
export async function assertDeliveryTemplate(
  db: Executor,
  format: 'json' | 'form' | 'xml',
  template: RequestTemplate | null,
  path: string,
): Promise<void> {
  if (!template) return
  const fields = await knownFields(db)
  const problems = templateProblems(
    template,
    {
      format,
      fields,
      leadValues: ['uuid', 'category', 'price', 'assigned_at'],
      deliverableOnly: true,
    },
    path,
  )
  if (Object.keys(problems).length > 0) throw validation(problems, firstOf(problems))
}

/** The error's message names the first problem, so a toast alone already says what to fix. */
function firstOf(problems: Record<string, string>): string {
  const [path, message] = Object.entries(problems)[0] ?? ['', '']
  const where = /entries\.(\d+)/.exec(path)
  const template = path.includes('.ping.')
    ? 'Ping template'
    : path.includes('.post.')
      ? 'Post template'
      : path.includes('template')
        ? 'Webhook template'
        : null
  return template && where ? `${template}, row ${Number(where[1]) + 1}: ${message}` : message
}
