import type { Method } from '../../shared/api/contract'

/** What a caller who is not signed in may send: sign-in, setup and status are small. */
export const UNAUTHENTICATED_BODY_LIMIT = 16 * 1024
/** What a signed-in call may send unless its method says otherwise. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024

/** Methods that carry more than the default: an import's file arrives in base64 chunks of 6 MB. */
const METHOD_LIMITS: Partial<Record<Method, number>> = {
  'imports/upload': 12 * 1024 * 1024,
}

export const LARGEST_BODY_LIMIT = Math.max(DEFAULT_BODY_LIMIT, ...Object.values(METHOD_LIMITS))

export function bodyLimitFor(method: string, signedIn: boolean): number {
  if (!signedIn) return UNAUTHENTICATED_BODY_LIMIT
  return METHOD_LIMITS[method as Method] ?? DEFAULT_BODY_LIMIT
}
