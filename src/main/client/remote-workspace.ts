import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import { contract, isMethod } from '../../shared/api/contract'
import type { ClientStatus } from '../../shared/api/client'
import { AppError, type ApiErrorData, type Envelope } from '../../shared/api/errors'
import type { PushEventName, PushEvents } from '../../shared/api/events'
import type { SessionUser } from '../../shared/domain/user'
import type { Dispatch } from '../api/dispatcher'
import { NOT_HERE } from '../api/handlers/client'
import type { Download, HostBackend, PushListener } from '../host/backend'
import { EventBus } from '../host/events'
import { ALL_AREAS } from '../host/relay-events'
import { CacheStore, type CachedSession, type TokenSeal } from './cache-store'
import { offlineAnswer, queueDecision } from './offline'
import { saveDownloads } from './save-downloads'
import type { Platform } from '../host/platform'
import { Outbox } from './outbox'
import { cacheName, parseServerUrl } from './server-url'
import { AuditCache } from './audit-cache'
import { callServer, EventStream, Unreachable, type Backoff } from './upstream'

export interface RemoteOptions {
  /** The team server, e.g. https://leads.example.com (http:// only on this machine). */
  url: string
  /** Where the per-server cache lives: `<dataDir>/servers/<host>-<port>.db`. */
  dataDir: string
  now?: () => number
  backoff?: Backoff
  requestTimeoutMs?: number
  nativeBinding?: string
  /** The desktop's file dialogs: files the server offers as downloads are saved through them. */
  platform?: Platform
  /** How the server's session token is kept on disk (Electron: safeStorage). */
  seal?: TokenSeal
  log?: (what: string, error: unknown) => void
}

const hash = (token: string): string => createHash('sha256').update(token).digest('hex')
const fail = (error: ApiErrorData): Envelope<never> => ({ ok: false, error })
const ok = <T>(data: T): Envelope<T> => ({ ok: true, data })

/**
 * The desktop (or a client host) working on a team server: every call is forwarded to the server
 * with the server's session token, which stays here (the renderer holds a local token mapped to
 * it); the server's push events are relayed; and while the server cannot be reached the Audit
 * queue is answered from the local cache and decisions wait in the outbox, sent in order, under
 * their decision ids, when it is back.
 */
export class RemoteWorkspace implements HostBackend {
  readonly url: URL
  private readonly store: CacheStore
  private readonly bus = new EventBus()
  private readonly stream: EventStream
  private readonly now: () => number
  private readonly timeoutMs: number
  private readonly log: (what: string, error: unknown) => void
  private readonly platform: Platform | null
  private readonly outbox: Outbox
  private readonly cache: AuditCache
  /** The session whose token the event stream (and the cache refresh) uses. */
  private streamSession: string | null = null
  private online = true
  private offlineSince: number | null = null
  private closed = false

  constructor(options: RemoteOptions) {
    this.url = parseServerUrl(options.url)
    this.now = options.now ?? Date.now
    this.timeoutMs = options.requestTimeoutMs ?? 15_000
    this.platform = options.platform ?? null
    this.log = options.log ?? ((what, error) => console.error(`[client] ${what}`, error))
    this.store = new CacheStore(
      join(options.dataDir, 'servers', `${cacheName(this.url)}.db`),
      options.nativeBinding,
      options.seal,
    )
    const since = this.store.meta('offlineSince')
    if (since) {
      this.online = false
      this.offlineSince = Number(since)
    }
    const call = (method: string, input: unknown, token: string | null) =>
      callServer(this.url, method, input, token, this.timeoutMs)
    this.cache = new AuditCache(this.store, call)
    this.outbox = new Outbox(this.store, call, this.now)
    this.stream = new EventStream(
      this.url,
      {
        onOpen: () => this.reachable(),
        onEvent: (event, payload) => this.relay(event, payload),
        onDown: () => this.unreachable(),
        onRefused: () => {
          if (this.streamSession) this.store.dropSession(this.streamSession)
          this.streamSession = null
          this.listen()
        },
      },
      options.backoff ?? { minMs: 250, maxMs: 5_000 },
    )
  }

  /** Opens the stream with a saved session, if any (the client was signed in before a restart). */
  start(): void {
    this.listen()
  }

  async close(): Promise<void> {
    this.closed = true
    this.stream.stop()
    await this.stream.closed()
    await this.outbox.settled()
    await this.cache.settled()
    this.store.close()
  }

  // HostBackend ----------------------------------------------------------------------------------

  signedIn = async (token: string | null): Promise<boolean> => token !== null && this.sessionFor(token) !== null

  health = async (): Promise<{ ok: boolean }> => ({ ok: true, ...this.connection() })

  subscribe(listener: PushListener): () => void {
    return this.bus.subscribe(listener)
  }

  download = async (id: string, token: string): Promise<Download | null> => {
    let response: Response
    try {
      response = await fetch(
        new URL(`/downloads/${encodeURIComponent(id)}?token=${encodeURIComponent(token)}`, this.url),
      )
    } catch {
      return null
    }
    if (!response.ok || !response.body) return null
    const disposition = response.headers.get('content-disposition') ?? ''
    const size = Number(response.headers.get('content-length'))
    return {
      fileName: /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'download.csv',
      stream: Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
      size: Number.isFinite(size) && size > 0 ? size : null,
    }
  }

  dispatch: Dispatch = async (method, input, token) => {
    if (!isMethod(method)) return fail({ code: 'NOT_FOUND', message: `Unknown method ${method}` })
    const localHash = token ? hash(token) : null
    const session = localHash ? this.store.session(localHash) : null
    try {
      switch (method) {
        case 'auth/setup':
          return fail({ code: 'FORBIDDEN', message: 'Set up the team server from its own page first' })
        case 'auth/login':
          return await this.login(input)
        case 'auth/logout':
          if (localHash) this.store.dropSession(localHash)
          if (session) await this.forward(method, input, session.serverToken).catch(() => null)
          return ok(null)
        case 'client/connect':
          return fail({ code: 'INVALID_STATE', message: NOT_HERE })
        case 'client/status':
          return session ? ok(this.status()) : fail({ code: 'UNAUTHENTICATED', message: 'Sign in to continue' })
        default:
          break
      }
      if (method === 'audit/approve' || method === 'audit/reject') {
        const parsed = contract[method].input.safeParse(input ?? undefined)
        // The server validates and answers; the decision id is given here so a retry is a replay.
        if (parsed.success && !parsed.data.decisionId) input = { ...parsed.data, decisionId: randomUUID() }
      }
      if (this.online) {
        try {
          const answer = await this.forward(method, input, session?.serverToken ?? null)
          if (!answer.ok && answer.error.code === 'UNAUTHENTICATED' && localHash) this.store.dropSession(localHash)
          if (answer.ok && method === 'auth/status')
            this.store.setMeta('workspaceName', (answer.data as { workspaceName: string }).workspaceName)
          if (answer.ok && this.platform)
            return ok(await saveDownloads(method, answer.data, this.platform, this.download))
          return answer
        } catch (error) {
          if (!(error instanceof Unreachable)) throw error
          this.callFailed()
        }
      }
      return this.answerOffline(method, input, session, localHash)
    } catch (error) {
      if (error instanceof AppError) return fail(error.toData())
      this.log(`${method} failed`, error)
      return fail({ code: 'INTERNAL', message: 'Something went wrong inside Leadline; the action was not completed' })
    }
  }

  // Calls ----------------------------------------------------------------------------------------

  private forward(method: string, input: unknown, serverToken: string | null): Promise<Envelope<unknown>> {
    return callServer(this.url, method, input, serverToken, this.timeoutMs)
  }

  private async login(input: unknown): Promise<Envelope<unknown>> {
    const answer = await this.forward('auth/login', input, null).catch((error: unknown) => {
      if (error instanceof Unreachable) {
        this.callFailed()
        throw new AppError('OFFLINE', this.offlineMessage('Signing in'))
      }
      throw error
    })
    if (!answer.ok) return answer
    const { token: serverToken, user } = answer.data as { token: string; user: SessionUser }
    const local = randomBytes(32).toString('base64url')
    this.store.saveSession(hash(local), serverToken, user, this.now())
    // Decisions this operator left waiting under an older session are sent under the new one.
    this.outbox.adopt(user.id, hash(local))
    this.listen(hash(local))
    return ok({ token: local, user })
  }

  private answerOffline(
    method: string,
    input: unknown,
    session: CachedSession | null,
    localHash: string | null,
  ): Envelope<unknown> {
    const queued = queueDecision(method, input, session, localHash, this.store, this.now())
    if (queued) {
      this.changed(['audit', 'leads'])
      this.emitStatus()
      return queued
    }
    const cached = offlineAnswer(method, input, session, this.store)
    if (cached) return cached
    return fail({ code: 'OFFLINE', message: this.offlineMessage('This') })
  }

  private offlineMessage(what: string): string {
    const since = new Date(this.offlineSince ?? this.now())
    const hhmm = `${String(since.getHours()).padStart(2, '0')}:${String(since.getMinutes()).padStart(2, '0')}`
    return `${what} needs the team server; you are offline since ${hhmm}`
  }

  private sessionFor(token: string): CachedSession | null {
    return this.store.session(hash(token))
  }

  // Connection -----------------------------------------------------------------------------------

  /** (Re)opens the event stream with the given session, or the newest one saved. */
  private listen(preferred?: string): void {
    if (this.closed) return
    if (preferred && this.streamSession && this.stream.active) return
    const chosen = preferred ?? this.store.sessions()[0]?.tokenHash ?? null
    const session = chosen ? this.store.session(chosen) : null
    this.streamSession = session ? chosen : null
    if (session) this.stream.start(session.serverToken)
    else this.stream.stop()
  }

  private reachable(): void {
    const was = this.online
    this.online = true
    this.offlineSince = null
    this.store.setMeta('offlineSince', null)
    const token = this.streamSession ? this.store.session(this.streamSession)?.serverToken : undefined
    // Back (or just connected): first what waited, then a fresh copy of the queue, then every screen.
    void this.outbox
      .flush((hashOf) => (hashOf ? (this.store.session(hashOf)?.serverToken ?? null) : null))
      .then(async () => {
        if (token) await this.cache.refresh(token)
      })
      .catch((error: unknown) => this.log('reconnection', error))
      .finally(() => {
        if (!was) this.changed(ALL_AREAS)
        this.emitStatus()
      })
  }

  /**
   * A call got no answer. The server is taken as away at once, and the event stream is opened
   * again to find out: if the server answers after all (the call was only slow), the client is
   * back online in a moment instead of waiting for a stream that never broke.
   */
  private callFailed(): void {
    this.unreachable()
    const session = this.streamSession ? this.store.session(this.streamSession) : null
    if (session) this.stream.start(session.serverToken)
  }

  private unreachable(): void {
    if (!this.online) return
    this.online = false
    this.offlineSince = this.now()
    this.store.setMeta('offlineSince', String(this.offlineSince))
    this.emitStatus()
  }

  private relay(event: string, payload: unknown): void {
    if (event !== 'changed' && event !== 'progress' && event !== 'presence') return
    this.emit(event as PushEventName, payload as PushEvents[PushEventName])
    const areas = event === 'changed' ? ((payload as { areas?: string[] }).areas ?? []) : []
    const token = this.streamSession ? this.store.session(this.streamSession)?.serverToken : undefined
    if (token && (areas.includes('audit') || areas.includes('leads')))
      this.cache.refreshSoon(token, () => this.emitStatus())
  }

  private connection(): { online: boolean; offlineSince: number | null } {
    return { online: this.online, offlineSince: this.offlineSince }
  }

  status(): ClientStatus {
    return {
      mode: 'server',
      url: this.url.origin,
      ...this.connection(),
      auditCached: this.store.auditCached(),
      waiting: this.store.waiting(),
      results: this.store.results(50),
    }
  }

  private emit<E extends PushEventName>(event: E, payload: PushEvents[E]): void {
    this.bus.emit(event, payload)
  }

  private emitStatus(): void {
    if (!this.closed) this.emit('client', this.status())
  }

  private changed(areas: string[]): void {
    this.emit('changed', { areas })
  }
}
