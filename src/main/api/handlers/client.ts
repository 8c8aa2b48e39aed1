import type { clientContract } from '../../../shared/api/client'
import type { HandlersOf } from '../types'

/** A workspace opened here is always local; a client host answers this method itself (src/main/client). */
export const clientHandlers = {
  'client/status': () => ({ mode: 'local' as const }),
} satisfies HandlersOf<typeof clientContract>
