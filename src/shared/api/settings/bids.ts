import { z } from 'zod'
import {
  conditionGroupSchema,
  type ConditionGroup,
  type Schedule,
  scheduleSchema,
  type Scope,
  scopeSchema,
} from '../../domain/config'
import { method } from '../define'
import { cents, id } from './common'

/** Leads currently sold under the bid (returned leads no longer count) in each period. */
export interface BidUsage {
  day: number
  week: number
  month: number
  spentDayCents: number
  spentMonthCents: number
}

export interface BidDef {
  id: number
  customerId: number
  customerName: string
  leadTypeId: number
  leadTypeName: string
  categoryName: string
  priceCents: number
  scope: Scope
  filters: ConditionGroup | null
  capDay: number | null
  capWeek: number | null
  capMonth: number | null
  budgetDayCents: number | null
  budgetMonthCents: number | null
  schedule: Schedule | null
  priority: number
  active: boolean
  usage: BidUsage
}

const cap = z.number().int('Whole leads only').min(0, 'Use 0 leads or more, or leave it empty').nullable()

const bidFields = {
  leadTypeId: id,
  priceCents: cents,
  scope: scopeSchema.default({ kind: 'nationwide', values: [] }),
  filters: conditionGroupSchema.nullable().default(null),
  capDay: cap.default(null),
  capWeek: cap.default(null),
  capMonth: cap.default(null),
  budgetDayCents: cents.nullable().default(null),
  budgetMonthCents: cents.nullable().default(null),
  schedule: scheduleSchema.nullable().default(null),
  priority: z
    .number()
    .int('A whole number')
    .min(-1000, 'A priority from -1000 to 1000')
    .max(1000, 'A priority from -1000 to 1000')
    .default(0),
  active: z.boolean().default(true),
}

export const bidInputSchema = z.object(bidFields)
export type BidInput = z.input<typeof bidInputSchema>

export const bidsContract = {
  'bids/list': method<BidDef[]>()({
    input: z.object({ customerId: id.optional(), leadTypeId: id.optional() }).default({}),
    access: 'leads.view',
  }),
  'bids/create': method<BidDef>()({
    input: z.object({ customerId: id, ...bidFields }),
    access: 'settings.manage',
  }),
  'bids/update': method<BidDef>()({
    input: z.object({ id, ...bidFields }),
    access: 'settings.manage',
  }),
  'bids/delete': method<null>()({ input: z.object({ id }), access: 'settings.manage' }),
}
