import type { z } from 'zod'
import { contract, isMethod, type Method } from '../../shared/api/contract'
import { AppError, type Envelope } from '../../shared/api/errors'
import type { Services } from '../host/services'
import { type CallContext, type ClientInfo, DESKTOP_CLIENT, type Handlers } from './types'

export type Dispatch = (
  method: string,
  input: unknown,
  token: string | null,
  client?: ClientInfo,
) => Promise<Envelope<unknown>>

function zodFields(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.join('.') : '_'
    fields[key] ??= issue.message
  }
  return fields
}

/**
 * The single entry of every call, whatever the transport: validate input, check the caller's
 * permission, run the handler, and turn any failure into a stable error code.
 */
export function createDispatcher(
  handlers: Handlers,
  services: Services,
  onInternalError: (method: string, error: unknown) => void = (method, error) =>
    console.error(`[api] ${method} failed`, error),
): Dispatch {
  return async (name, rawInput, token, client = DESKTOP_CLIENT) => {
    try {
      if (!isMethod(name)) throw new AppError('NOT_FOUND', `Unknown method ${name}`)
      const method: Method = name
      const def = contract[method]
      const user = await services.auth.userForToken(token)
      if (def.access !== 'public') {
        if (!user) throw new AppError('UNAUTHENTICATED', 'Sign in to continue')
        if (def.access !== 'signedIn' && !user.permissions.includes(def.access)) {
          throw new AppError('FORBIDDEN', `Your role (${user.role}) does not allow ${def.access}`)
        }
      }
      const parsed = def.input.safeParse(rawInput ?? undefined)
      if (!parsed.success) {
        throw new AppError('VALIDATION', 'Some fields are not valid', zodFields(parsed.error))
      }
      const ctx: CallContext = { user, token, client, services }
      const handler = handlers[method] as (input: unknown, ctx: CallContext) => unknown
      const data = await handler(parsed.data, ctx)
      return { ok: true, data: data ?? null }
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toData() }
      onInternalError(name, error)
      return {
        ok: false,
        error: { code: 'INTERNAL', message: 'Something went wrong inside Leadline; the action was not completed' },
      }
    }
  }
}
