import type { clientContract } from '../../../shared/api/client'
import { AppError } from '../../../shared/api/errors'
import type { HandlersOf } from '../types'

export const NOT_HERE = 'Connect to a team server from the desktop app: File → Connect to Team Server…'

/** A workspace opened here is always local; a client host answers `client/status` itself (src/main/client). */
export const clientHandlers = {
  'client/status': () => ({ mode: 'local' as const }),
  // Nothing is stored: windows keep what they heard, and forget what is not repeated.
  'presence/set': (input, ctx) => {
    ctx.services.deps.events.emit('presence', {
      userId: ctx.user.id,
      name: ctx.user.name,
      leadId: input.leadId,
      at: ctx.services.deps.clock.now(),
    })
    return null
  },
  // The Electron shell answers it before the dispatcher (src/main/platform/ipc.ts).
  'client/connect': () => {
    throw new AppError('INVALID_STATE', NOT_HERE)
  },
} satisfies HandlersOf<typeof clientContract>
