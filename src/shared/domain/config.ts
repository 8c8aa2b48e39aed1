import { z } from 'zod'
import { STAGE_KINDS } from './lead'
import { deliveryRequestSchema } from './template'

/**
 * Shapes of the workspace configuration stored as JSON columns. The settings screens write them,
 * the engine reads them; both validate with these schemas.
 */

export const FIELD_TYPES = ['text', 'email', 'phone', 'zip', 'number', 'date', 'boolean', 'choice'] as const
export type FieldType = (typeof FIELD_TYPES)[number]

export const fieldValidationSchema = z
  .object({
    pattern: z.string().max(500).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    choices: z.array(z.string().min(1)).max(500).optional(),
    /** Phone fields: the country calling codes accepted (digits, e.g. "1", "44"); North America when absent. */
    countries: z
      .array(z.string().regex(/^[1-9]\d{0,2}$/))
      .max(300)
      .optional(),
  })
  .refine((v) => v.min === undefined || v.max === undefined || v.min <= v.max, {
    message: 'The minimum cannot be above the maximum',
    path: ['max'],
  })
export type FieldValidation = z.infer<typeof fieldValidationSchema>

export const CONDITION_OPERATORS = [
  'equals',
  'not_equals',
  'in',
  'contains',
  'starts_with',
  'gt',
  'lt',
  'between',
  'is_empty',
  'not_empty',
  'regex',
] as const
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number]

export const OPERATOR_LABELS: Record<ConditionOperator, string> = {
  equals: 'equals',
  not_equals: 'does not equal',
  in: 'is one of',
  contains: 'contains',
  starts_with: 'starts with',
  gt: 'is greater than',
  lt: 'is less than',
  between: 'is between',
  is_empty: 'is empty',
  not_empty: 'is not empty',
  regex: 'matches pattern',
}

/** One test of a lead field. `value` is a string, a list (in) or a pair (between) by operator. */
export const conditionSchema = z.object({
  field: z.string().min(1),
  op: z.enum(CONDITION_OPERATORS),
  value: z.union([z.string(), z.number(), z.array(z.union([z.string(), z.number()]))]).optional(),
})
export type Condition = z.infer<typeof conditionSchema>

export interface ConditionGroup {
  match: 'all' | 'any'
  conditions: (Condition | ConditionGroup)[]
}

export const conditionGroupSchema: z.ZodType<ConditionGroup> = z.lazy(() =>
  z.object({
    match: z.enum(['all', 'any']),
    conditions: z.array(z.union([conditionSchema, conditionGroupSchema])).max(100),
  }),
)

export const duplicateRuleSchema = z.object({
  /** Field keys compared after normalisation; a lead matching an earlier one on any key is a duplicate. */
  keys: z.array(z.string().min(1)).max(10),
  /** Look-back window in days; 0 turns the check off. */
  days: z.number().int('Whole days only').min(0, 'Use 0 days or more').max(3650, 'At most 3,650 days (10 years)'),
})
export type DuplicateRule = z.infer<typeof duplicateRuleSchema>

export const auditRuleSchema = z.object({
  conditions: conditionGroupSchema.nullable(),
  /** Leads from these sources always go to audit. */
  sourceIds: z.array(z.number().int().positive()),
  /** Share of all other leads sampled for audit, 0–100. */
  samplePercent: z.number().min(0, 'A share cannot be below 0 %').max(100, 'A share cannot be above 100 %'),
})
export type AuditRule = z.infer<typeof auditRuleSchema>

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:MM')

/** When a bid takes leads, in its own time zone. Days: 0 = Sunday … 6 = Saturday. `end` is exclusive. */
export const scheduleSchema = z.object({
  timezone: z.string().min(1),
  days: z.array(z.number().int().min(0).max(6)).max(7),
  start: hhmm,
  end: hhmm,
})
export type Schedule = z.infer<typeof scheduleSchema>

export const scopeSchema = z.object({
  kind: z.enum(['nationwide', 'state', 'county', 'zip']),
  values: z.array(z.string().min(1)).max(5000),
})
export type Scope = z.infer<typeof scopeSchema>

const cents = z.number().int().min(0, 'Use zero or more')

export const stageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('bidding') }),
  /** Which partners to ping; empty = every active partner. */
  z.object({ kind: z.literal('pingpost'), partnerIds: z.array(z.number().int().positive()).default([]) }),
  z
    .object({
      kind: z.literal('marketplace'),
      startPriceCents: cents,
      floorPriceCents: cents,
      decrementCents: cents,
      intervalMinutes: z
        .number()
        .int('Whole minutes only')
        .min(1, 'At least 1 minute')
        .max(7 * 24 * 60, 'At most a week (10,080 minutes)'),
      /** Unsold at the floor: post here, else the lead is Unassigned. */
      directPostPartnerId: z.number().int().positive().nullable().default(null),
    })
    // Refused rather than quietly lowered to the first price when the auction opens.
    .refine((s) => s.floorPriceCents <= s.startPriceCents, {
      message: 'The floor cannot be above the first price',
      path: ['floorPriceCents'],
    }),
  z.object({ kind: z.literal('direct_post'), partnerId: z.number().int().positive() }),
])
export type Stage = z.infer<typeof stageSchema>
export const stagesSchema = z.array(stageSchema).max(10)
export const STAGE_KIND_LIST = STAGE_KINDS

export const partnerMappingSchema = z.object({
  /** Fields a ping may carry (never contact PII such as name, email, phone, address). */
  pingFields: z.array(z.string()).default([]),
  /** Our field key → the partner's name for it, in pings and posts. */
  rename: z.record(z.string(), z.string()).default({}),
})
export type PartnerMapping = z.infer<typeof partnerMappingSchema>

/** How to read a partner's answer: JSON or XML paths (dot notation) or regular expressions with one group. */
export const partnerResponseSchema = z.discriminatedUnion('format', [
  z.object({
    format: z.literal('json'),
    acceptedPath: z.string().default('accepted'),
    /** The value at acceptedPath that means yes; when absent, any truthy value does. */
    acceptedValue: z.union([z.string(), z.boolean(), z.number()]).optional(),
    pricePath: z.string().default('price'),
    referencePath: z.string().default('id'),
    /** Prices in the answer are dollars unless this says cents. */
    priceUnit: z.enum(['dollars', 'cents']).default('dollars'),
  }),
  /** XML read like JSON: dotted element paths, below the root element or from it; `@name` for attributes. */
  z.object({
    format: z.literal('xml'),
    acceptedPath: z.string().default('status'),
    acceptedValue: z.union([z.string(), z.boolean(), z.number()]).optional(),
    pricePath: z.string().default('price'),
    referencePath: z.string().default('id'),
    priceUnit: z.enum(['dollars', 'cents']).default('dollars'),
  }),
  z.object({
    format: z.literal('regex'),
    acceptedPattern: z.string(),
    pricePattern: z.string().optional(),
    referencePattern: z.string().optional(),
    priceUnit: z.enum(['dollars', 'cents']).default('dollars'),
  }),
])
export type PartnerResponse = z.infer<typeof partnerResponseSchema>

export const deliverySchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('none') }),
  z.object({
    method: z.literal('webhook'),
    url: z.url(),
    headers: z.record(z.string(), z.string()).default({}),
    /** The body's format and template; absent on settings saved before there was a choice (standard JSON). */
    request: deliveryRequestSchema.default({ format: 'json', httpMethod: 'POST', xmlRoot: 'lead', template: null }),
  }),
])
export type Delivery = z.infer<typeof deliverySchema>

/** settings key `subscription`. */
export const subscriptionSchema = z.object({
  /** Leads processed per billing period; null = unlimited. */
  threshold: z.number().int('Whole leads only').min(0, 'Use 0 or more leads').nullable(),
  /** Day of the month a period starts (1–28), in UTC. */
  periodStartDay: z
    .number()
    .int('A day of the month')
    .min(1, 'A day from 1 to 28')
    .max(28, 'A day from 1 to 28 (every month has it)'),
})
export type Subscription = z.infer<typeof subscriptionSchema>

/** What one intake request may carry; refusals are 429 (rate) and 422 (fields). */
export const intakeLimitsSchema = z.object({
  /** Requests per second per source, past which the intake answers 429 with Retry-After. */
  requestsPerSecond: z.number().int().min(1).max(100_000),
  /** Fields per lead, nested ones included. */
  maxFields: z.number().int().min(1).max(5_000),
  /** Characters of a field's name. */
  maxKeyLength: z.number().int().min(8).max(1_000),
  /** Characters of a field's value. */
  maxValueLength: z.number().int().min(100).max(200_000),
})
export type IntakeLimits = z.infer<typeof intakeLimitsSchema>

export const DEFAULT_INTAKE_LIMITS: IntakeLimits = {
  requestsPerSecond: 100,
  maxFields: 200,
  maxKeyLength: 64,
  maxValueLength: 10_000,
}

/** settings key `intake`: the desktop app's intake server. */
export const intakeSettingsSchema = z.object({
  enabled: z.boolean(),
  port: z.number().int('A whole port number').min(1, 'A port from 1 to 65535').max(65535, 'A port from 1 to 65535'),
  host: z.string().min(1),
  limits: intakeLimitsSchema.default(DEFAULT_INTAKE_LIMITS),
  /**
   * Addresses of reverse proxies in front of the intake: only from these is `X-Forwarded-For`
   * believed for a lead's client IP; from anyone else it could be forged.
   */
  trustedProxies: z
    .array(
      z
        .string()
        .trim()
        .refine((v) => isIpAddress(v), 'Enter an IP address'),
    )
    .max(20)
    .default([]),
})
export type IntakeSettings = z.infer<typeof intakeSettingsSchema>

/** IPv4 dotted quad or an IPv6 address (shared code cannot use node:net). */
export function isIpAddress(value: string): boolean {
  if (/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(value)) return true
  if (!/^[0-9a-f:.]+$/i.test(value) || !value.includes(':') || value.length > 45) return false
  try {
    return new URL(`http://[${value}]/`).hostname.length > 2
  } catch {
    return false
  }
}

/** settings key `signIn`: how sign-in resists guessing and how long an idle session lives. */
export const signInSettingsSchema = z.object({
  /** A session unused this long is signed out. */
  sessionIdleMinutes: z
    .number()
    .int()
    .min(5)
    .max(30 * 24 * 60),
  /** Failed sign-ins for one email that lock it (an address gets three times as many). */
  lockAfterFailures: z.number().int().min(3).max(100),
  /** How long a lock lasts. */
  lockMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
})
export type SignInSettings = z.infer<typeof signInSettingsSchema>

export const DEFAULT_SIGN_IN: SignInSettings = {
  sessionIdleMinutes: 7 * 24 * 60,
  lockAfterFailures: 20,
  lockMinutes: 15,
}
