import { z } from 'zod'
import type { Page } from '../domain/page'
import { method } from './define'

const id = z.number().int().positive()

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number]

/** One webhook attempt, with what was sent and what came back. */
export interface DeliveryAttempt {
  id: number
  leadId: number
  leadUuid: string
  customerId: number | null
  customerName: string | null
  attempt: number
  url: string | null
  request: string | null
  response: string | null
  statusCode: number | null
  latencyMs: number | null
  ok: boolean
  error: string | null
  createdAt: number
  /** The lead's delivery status now (after every attempt so far). */
  deliveryStatus: DeliveryStatus | null
}

export const deliveriesContract = {
  /** Attempts, newest first. With `status`, one row per lead (its latest attempt): `failed` lists what needs a re-send. */
  'deliveries/list': method<Page<DeliveryAttempt>>()({
    input: z.object({
      leadId: id.optional(),
      status: z.enum(DELIVERY_STATUSES).optional(),
      page: z.number().int().min(1).default(1),
      pageSize: z.number().int().min(1).max(500).default(50),
    }),
    access: 'leads.view',
  }),
  'deliveries/resend': method<{ deliveryStatus: DeliveryStatus }>()({
    input: z.object({ leadId: id }),
    access: 'leads.edit',
  }),
}
