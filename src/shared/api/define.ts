import type { z } from 'zod'
import type { Permission } from '../domain/permissions'

/**
 * Who may call a method: nobody signed in ('public'), anybody signed in ('signedIn'),
 * or a user holding the named permission.
 */
export type Access = 'public' | 'signedIn' | Permission

export interface MethodDef<I extends z.ZodType = z.ZodType, R = unknown> {
  input: I
  access: Access
  /** Phantom: carries the result type; never set at run time. */
  readonly result?: R
}

/** `method<Result>()({ input, access })` — the result type is given, the input inferred. */
export function method<R>() {
  return <I extends z.ZodType>(def: { input: I; access: Access }): MethodDef<I, R> => def
}
