import type { exportsContract } from '../../../shared/api/exports'
import type { HandlersOf } from '../types'

export const exportsHandlers = {
  'exports/start': (input, ctx) => ctx.services.exports.start(ctx.user, input),
  'exports/cancel': (input, ctx) => ctx.services.exports.cancel(ctx.user, input.jobId),
} satisfies HandlersOf<typeof exportsContract>
