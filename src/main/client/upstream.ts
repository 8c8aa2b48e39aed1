import type { Envelope } from '../../shared/api/errors'

/** The team server did not answer (refused, reset, timed out, or a proxy said it is down). */
export class Unreachable extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause))
    this.name = 'Unreachable'
  }
}

const DOWN_STATUSES = new Set([502, 503, 504])

/** One call to the team server's `/rpc`; an answer that is not the server's envelope counts as unreachable. */
export async function callServer(
  base: URL,
  method: string,
  input: unknown,
  token: string | null,
  timeoutMs: number,
): Promise<Envelope<unknown>> {
  let response: Response
  try {
    response = await fetch(new URL(`/rpc/${method}`, base), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(input ?? {}),
      signal: AbortSignal.timeout(timeoutMs),
    })
  } catch (error) {
    throw new Unreachable(error)
  }
  if (DOWN_STATUSES.has(response.status)) throw new Unreachable(`HTTP ${response.status}`)
  try {
    return (await response.json()) as Envelope<unknown>
  } catch (error) {
    throw new Unreachable(error)
  }
}

export interface StreamHandlers {
  onOpen(): void
  onEvent(event: string, payload: unknown): void
  /** The stream broke or could not be opened; it is tried again after a growing pause. */
  onDown(error: unknown): void
  /** The server refused the token: the stream stops until started with another. */
  onRefused(): void
}

export interface Backoff {
  minMs: number
  maxMs: number
}

/**
 * The team server's `/events` as a long-lived reader: parses server-sent events, and reconnects
 * with a doubling pause (reset once connected) while the server is away.
 */
export class EventStream {
  /** Each start is a new run; a run whose number is no longer current ends at its next step. */
  private run = 0
  private live = false
  private controller: AbortController | null = null
  private timer: NodeJS.Timeout | null = null
  private wake: (() => void) | null = null
  private running: Promise<void> = Promise.resolve()

  constructor(
    private readonly base: URL,
    private readonly handlers: StreamHandlers,
    private readonly backoff: Backoff,
  ) {}

  get active(): boolean {
    return this.live
  }

  start(token: string): void {
    this.stop()
    this.live = true
    const run = ++this.run
    const previous = this.running
    // The stopped run finishes first, so two never read (or report) at once.
    this.running = previous.then(() => this.loop(token, run))
  }

  stop(): void {
    this.run += 1
    this.live = false
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.wake?.()
    this.controller?.abort()
    this.controller = null
  }

  async closed(): Promise<void> {
    await this.running
  }

  private async loop(token: string, run: number): Promise<void> {
    const current = () => run === this.run
    let pause = this.backoff.minMs
    while (current()) {
      const outcome = await this.readOnce(token, current)
      if (!current()) return
      if (outcome === 'refused') {
        this.live = false
        this.run += 1
        this.handlers.onRefused()
        return
      }
      if (outcome === 'opened') pause = this.backoff.minMs
      await new Promise<void>((resolve) => {
        this.wake = resolve
        this.timer = setTimeout(resolve, pause)
        // Waiting to reconnect never keeps the process alive on its own.
        this.timer.unref()
      })
      this.wake = null
      pause = Math.min(this.backoff.maxMs, pause * 2)
    }
  }

  /** One connection, read until it ends. */
  private async readOnce(token: string, current: () => boolean): Promise<'opened' | 'failed' | 'refused'> {
    const controller = new AbortController()
    this.controller = controller
    let opened = false
    try {
      const response = await fetch(new URL(`/events?token=${encodeURIComponent(token)}`, this.base), {
        headers: { accept: 'text/event-stream' },
        signal: controller.signal,
      })
      if (response.status === 401) return 'refused'
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`)
      opened = true
      if (current()) this.handlers.onOpen()
      const decoder = new TextDecoder()
      let buffer = ''
      const reader = response.body.getReader()
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        buffer += decoder.decode(value, { stream: true })
        let end: number
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.dispatch(buffer.slice(0, end))
          buffer = buffer.slice(end + 2)
        }
      }
      throw new Error('The team server closed the event stream')
    } catch (error) {
      if (current()) this.handlers.onDown(error)
      return opened ? 'opened' : 'failed'
    }
  }

  private dispatch(block: string): void {
    let event = 'message'
    const data: string[] = []
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue
      if (line.startsWith('event:')) event = line.slice(6).trim()
      else if (line.startsWith('data:')) data.push(line.slice(5).trimStart())
    }
    if (data.length === 0) return
    try {
      this.handlers.onEvent(event, JSON.parse(data.join('\n')))
    } catch {
      // A malformed event is skipped; the next `changed` refreshes what it would have.
    }
  }
}
