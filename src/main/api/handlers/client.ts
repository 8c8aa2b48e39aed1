import type { clientContract } from '../../../shared/api/client'
import { AppError } from '../../../shared/api/errors'
import type { HandlersOf } from '../types'

export const NOT_HERE = 'Connect to a team server from the desktop app: File → Connect to Team Server…'

/** A workspace opened here is always local; a client host answers `client/status` itself (src/main/client). */
export const clientHandlers = {
  'client/status': () => ({ mode: 'local' as const }),
  // The Electron shell answers it before the dispatcher (src/main/platform/ipc.ts).
  'client/connect': () => {
    throw new AppError('INVALID_STATE', NOT_HERE)
  },
} satisfies HandlersOf<typeof clientContract>
