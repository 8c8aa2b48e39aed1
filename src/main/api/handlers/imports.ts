import type { importsContract } from '../../../shared/api/imports'
import type { HandlersOf } from '../types'

export const importsHandlers = {
  'imports/options': (_input, ctx) => ctx.services.imports.options(),
  'imports/upload': (input, ctx) => ctx.services.imports.upload(ctx.user, input),
  'imports/preview': (input, ctx) => ctx.services.imports.preview(ctx.user, input),
  'imports/validate': (input, ctx) => ctx.services.imports.validate(ctx.user, input),
  'imports/saveRejected': (input, ctx) => ctx.services.imports.saveRejected(ctx.user, input.uploadId),
  'imports/start': (input, ctx) => ctx.services.imports.start(ctx.user, input),
  'imports/cancel': (input, ctx) => ctx.services.imports.cancel(ctx.user, input.jobId),
  'imports/discard': (input, ctx) => ctx.services.imports.discard(ctx.user, input.uploadId),
} satisfies HandlersOf<typeof importsContract>
