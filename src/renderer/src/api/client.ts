import type { Input, Method, Result } from '../../../shared/api/contract'
import type { ApiErrorData, Envelope, ErrorCode } from '../../../shared/api/errors'
import type { PushEventName, PushEvents } from '../../../shared/api/events'
import type { LeadlineBridge } from '../../../preload/bridge'

/**
 * The only file that knows the transport: the preload bridge inside Electron, HTTP + server-sent
 * events in the browser host. Everything else calls `call()` and `on()`.
 */
const bridge = (globalThis as { leadline?: LeadlineBridge }).leadline
const TOKEN_KEY = 'leadline.token'

export class ApiError extends Error {
  readonly code: ErrorCode
  readonly fields: Record<string, string> | undefined

  constructor(data: ApiErrorData) {
    super(data.message)
    this.name = 'ApiError'
    this.code = data.code
    this.fields = data.fields
  }
}

let token: string | null = bridge ? null : localStorage.getItem(TOKEN_KEY)
const unauthenticatedListeners = new Set<() => void>()

function setToken(next: string | null): void {
  token = next
  if (bridge) return
  if (next) localStorage.setItem(TOKEN_KEY, next)
  else localStorage.removeItem(TOKEN_KEY)
  reconnectEvents()
}

async function invoke(method: string, input: unknown): Promise<Envelope<unknown>> {
  if (bridge) return (await bridge.invoke(method, input)) as Envelope<unknown>
  const response = await fetch(`/rpc/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input ?? {}),
  })
  return (await response.json()) as Envelope<unknown>
}

type Args<M extends Method> = undefined extends Input<M> ? [input?: Input<M>] : [input: Input<M>]

export async function call<M extends Method>(method: M, ...args: Args<M>): Promise<Result<M>> {
  let envelope: Envelope<unknown>
  try {
    envelope = await invoke(method, args[0])
  } catch {
    throw new ApiError({ code: 'INTERNAL', message: 'Leadline is not reachable; is the app still running?' })
  }
  if (!envelope.ok) {
    if (envelope.error.code === 'UNAUTHENTICATED' && method !== 'auth/login') {
      setToken(null)
      unauthenticatedListeners.forEach((l) => l())
    }
    throw new ApiError(envelope.error)
  }
  if (method === 'auth/login' || method === 'auth/setup') setToken((envelope.data as { token: string }).token)
  if (method === 'auth/logout') setToken(null)
  return envelope.data as Result<M>
}

export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener)
  return () => unauthenticatedListeners.delete(listener)
}

// Push events ---------------------------------------------------------------------------------

type AnyListener = (payload: unknown) => void
const listeners = new Map<string, Set<AnyListener>>()
let source: EventSource | null = null

function reconnectEvents(): void {
  source?.close()
  source = null
  if (bridge || !token || listeners.size === 0) return
  source = new EventSource(`/events?token=${encodeURIComponent(token)}`)
  for (const name of listeners.keys()) attach(name)
}

function attach(name: string): void {
  source?.addEventListener(name, (e) => {
    const payload: unknown = JSON.parse((e as MessageEvent<string>).data)
    listeners.get(name)?.forEach((l) => l(payload))
  })
}

export function on<E extends PushEventName>(event: E, listener: (payload: PushEvents[E]) => void): () => void {
  const l = listener as AnyListener
  if (bridge) return bridge.on(event, l)
  let set = listeners.get(event)
  if (!set) {
    set = new Set()
    listeners.set(event, set)
    if (source) attach(event)
    else reconnectEvents()
  }
  set.add(l)
  return () => {
    set.delete(l)
  }
}
