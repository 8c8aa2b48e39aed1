import { z } from 'zod'
import { type Delivery, deliverySchema } from '../../domain/config'
import { method } from '../define'
import { cents, id, name, optionalText } from './common'

export interface CustomerDef {
  id: number
  name: string
  email: string | null
  phone: string | null
  company: string | null
  delivery: Delivery
  balanceCents: number
  lowBalanceCents: number
  /** Balance at or under the customer's low-balance mark. */
  lowBalance: boolean
  active: boolean
  bidCount: number
  createdAt: number
}

const contact = {
  email: z
    .union([z.literal(''), z.email('Enter a valid email address')])
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional(),
  phone: optionalText,
  company: optionalText,
}

export const customersContract = {
  'customers/list': method<CustomerDef[]>()({ input: z.object({}).default({}), access: 'leads.view' }),
  'customers/get': method<CustomerDef>()({ input: z.object({ id }), access: 'leads.view' }),
  'customers/create': method<CustomerDef>()({
    input: z.object({
      name,
      ...contact,
      delivery: deliverySchema.default({ method: 'none' }),
      lowBalanceCents: cents.default(0),
      active: z.boolean().default(true),
    }),
    access: 'settings.manage',
  }),
  'customers/update': method<CustomerDef>()({
    input: z.object({
      id,
      name: name.optional(),
      ...contact,
      delivery: deliverySchema.optional(),
      lowBalanceCents: cents.optional(),
      active: z.boolean().optional(),
    }),
    access: 'settings.manage',
  }),
}
