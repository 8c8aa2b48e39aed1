import type { Contract, Method, ParsedInput, Result } from '../../shared/api/contract'
import type { SessionUser } from '../../shared/domain/user'
import type { Services } from '../host/services'

/** Who is calling, as far as the transport knows: the network address, or 'desktop' for IPC. */
export interface ClientInfo {
  address: string
}

export const DESKTOP_CLIENT: ClientInfo = { address: 'desktop' }

export interface CallContext {
  /** The signed-in user; null only for 'public' methods. */
  user: SessionUser | null
  token: string | null
  client: ClientInfo
  services: Services
}

/** The context of a method that requires a signed-in user. */
export interface UserContext extends CallContext {
  user: SessionUser
}

type ContextFor<M extends Method> = Contract[M]['access'] extends 'public' ? CallContext : UserContext

export type Handler<M extends Method> = (input: ParsedInput<M>, ctx: ContextFor<M>) => Result<M> | Promise<Result<M>>

export type Handlers = { [M in Method]: Handler<M> }

/** The handlers of one area: `satisfies HandlersOf<typeof leadsContract>`. */
export type HandlersOf<C> = { [M in keyof C & Method]: Handler<M> }
