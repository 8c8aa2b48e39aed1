import { z } from 'zod'
import {
  REPORT_DIMENSIONS,
  REPORT_PRESETS,
  type ReportBreakdownRow,
  type ReportForecast,
  type ReportReasons,
  type ReportSeries,
  type ReportSummary,
} from '../domain/reports'
import type { FileDelivery } from './exports'
import { method } from './define'

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A date as YYYY-MM-DD')

/** A period of the dashboard, in the workspace's time zone. */
export const reportRangeSchema = z
  .object({
    preset: z.enum(REPORT_PRESETS).default('today'),
    from: localDate.optional(),
    to: localDate.optional(),
  })
  .refine((r) => r.preset !== 'custom' || r.from !== undefined, {
    message: 'A custom range needs its first day',
    path: ['from'],
  })
export type ReportRange = z.input<typeof reportRangeSchema>

export const REPORT_TABLES = [...REPORT_DIMENSIONS, 'reasons'] as const
export type ReportTable = (typeof REPORT_TABLES)[number]

export const reportsContract = {
  'reports/summary': method<ReportSummary>()({ input: reportRangeSchema, access: 'reports.view' }),
  'reports/series': method<ReportSeries>()({ input: reportRangeSchema, access: 'reports.view' }),
  'reports/breakdown': method<{ rows: ReportBreakdownRow[] }>()({
    input: z.intersection(reportRangeSchema, z.object({ by: z.enum(REPORT_DIMENSIONS) })),
    access: 'reports.view',
  }),
  'reports/reasons': method<ReportReasons>()({ input: reportRangeSchema, access: 'reports.view' }),
  'reports/forecast': method<ReportForecast>()({
    input: z.object({ walletLeads: z.number().int().min(1).max(10_000).default(20) }).default({ walletLeads: 20 }),
    access: 'reports.view',
  }),
  'reports/export': method<{ rows: number; delivery: FileDelivery }>()({
    input: z.intersection(reportRangeSchema, z.object({ table: z.enum(REPORT_TABLES) })),
    access: 'reports.view',
  }),
  'reports/timeZone': method<{ timeZone: string }>()({ input: z.object({}).default({}), access: 'reports.view' }),
  /** The workspace's time zone for reports (days, hours, "today"). */
  'reports/setTimeZone': method<{ timeZone: string }>()({
    input: z.object({ timeZone: z.string().min(1).max(100) }),
    access: 'settings.manage',
  }),
}
