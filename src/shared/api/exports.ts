import { z } from 'zod'
import { method } from './define'
import { leadFilterSchema } from './leads'

/**
 * Where a finished file went: saved where the operator chose (desktop save dialog), ready to
 * download (browser host; the URL carries its own one-time token), or the dialog was dismissed.
 */
export type FileDelivery =
  | { kind: 'saved'; path: string; fileName: string }
  | { kind: 'download'; url: string; fileName: string }
  | { kind: 'cancelled' }

export const EXPORT_AUDIENCES = ['operator', 'customer'] as const
export type ExportAudience = (typeof EXPORT_AUDIENCES)[number]

export const exportStartSchema = z
  .object({
    /** Chosen by the caller so it can follow `progress` events and cancel. */
    jobId: z.string().min(8).max(64),
    audience: z.enum(EXPORT_AUDIENCES),
    /** The leads table's current filter; ignored when customerId is given. */
    filter: leadFilterSchema.default({}),
    /** A customer's lead list (required for the customer-facing export). */
    customerId: z.number().int().positive().optional(),
    /** Excel reads UTF-8 reliably only with a byte-order mark. */
    bom: z.boolean().default(false),
  })
  .refine((v) => v.audience === 'operator' || v.customerId !== undefined, {
    message: 'A customer-facing export is made from one customer’s lead list',
    path: ['customerId'],
  })

export interface ExportResult {
  rows: number
  columns: number
  delivery: FileDelivery
  cancelled: boolean
}

export const exportsContract = {
  'exports/start': method<ExportResult>()({ input: exportStartSchema, access: 'leads.export' }),
  'exports/cancel': method<{ cancelled: boolean }>()({
    input: z.object({ jobId: z.string().min(8).max(64) }),
    access: 'leads.export',
  }),
}
