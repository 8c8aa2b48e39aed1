import type { reportsContract } from '../../../shared/api/reports'
import { AppError } from '../../../shared/api/errors'
import { validTimeZone } from '../../services/reports'
import type { HandlersOf } from '../types'

export const reportsHandlers = {
  'reports/summary': (input, ctx) => ctx.services.reports.summary(input),
  'reports/series': (input, ctx) => ctx.services.reports.series(input),
  'reports/breakdown': (input, ctx) => ctx.services.reports.breakdown(input),
  'reports/reasons': (input, ctx) => ctx.services.reports.reasons(input),
  'reports/forecast': (input, ctx) => ctx.services.reports.forecast(input),
  'reports/export': (input, ctx) => ctx.services.reports.exportTable(input),
  'reports/timeZone': async (_input, ctx) => ({ timeZone: await ctx.services.reports.timeZone() }),
  'reports/setTimeZone': (input, ctx) => {
    if (!validTimeZone(input.timeZone))
      throw new AppError('VALIDATION', 'Unknown time zone', { timeZone: 'Unknown time zone' })
    return ctx.services.reports.setTimeZone(ctx.user, input.timeZone)
  },
} satisfies HandlersOf<typeof reportsContract>
