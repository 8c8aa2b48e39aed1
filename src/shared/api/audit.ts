import { z } from 'zod'
import type { Contact, LeadStatus } from '../domain/lead'
import { method } from './define'

const id = z.number().int().positive()

/** One lead waiting for review, with the check that stopped it. */
export interface AuditItem {
  id: number
  uuid: string
  createdAt: number
  sourceName: string | null
  categoryName: string | null
  leadTypeName: string | null
  contact: Contact
  details: Record<string, unknown>
  /** The audit event's message, e.g. "state equals CA" or "sampled 10%". */
  reason: string
  reasonData: unknown
}

export const auditContract = {
  'audit/queue': method<{ total: number; items: AuditItem[] }>()({
    input: z.object({ limit: z.number().int().min(1).max(500).default(100) }).default({ limit: 100 }),
    access: 'leads.view',
  }),
  'audit/approve': method<{ status: LeadStatus }>()({ input: z.object({ id }), access: 'leads.edit' }),
  'audit/reject': method<{ status: LeadStatus }>()({
    input: z.object({ id, reason: z.string().trim().min(1, 'Say why the lead is rejected').max(500) }),
    access: 'leads.edit',
  }),
}
