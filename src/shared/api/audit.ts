import { z } from 'zod'
import type { Contact, LeadStatus } from '../domain/lead'
import { method } from './define'

const id = z.number().int().positive()
const decisionId = z.string().uuid().optional()

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

/**
 * `queued`: a client of a team server that could not reach it kept the decision in its outbox (the
 * lead is still in Audit on the server); it is sent, under the same decision id, on reconnection.
 */
export interface AuditDecisionResult {
  status: LeadStatus
  replayed: boolean
  queued?: boolean
}

export const auditContract = {
  'audit/queue': method<{ total: number; items: AuditItem[] }>()({
    input: z.object({ limit: z.number().int().min(1).max(500).default(100) }).default({ limit: 100 }),
    access: 'leads.view',
  }),
  /**
   * `decisionId`: the deciding client's id for this decision (a uuid). Sending it again — a client
   * that could not tell whether it arrived — replays the first answer (`replayed`) instead of deciding
   * twice. A lead a colleague decided first is refused with CONFLICT, naming who and when.
   */
  'audit/approve': method<AuditDecisionResult>()({
    input: z.object({ id, decisionId }),
    access: 'leads.edit',
  }),
  'audit/reject': method<AuditDecisionResult>()({
    input: z.object({ id, reason: z.string().trim().min(1, 'Say why the lead is rejected').max(500), decisionId }),
    access: 'leads.edit',
  }),
}
