import pg from 'pg'

/** The channel every Leadline process on one database listens on. */
export const CHANNEL = 'leadline_events'
/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. */
const MAX_PAYLOAD = 7900

export interface RelayMessage {
  origin: string
  event: string
  payload: unknown
}

export interface RelayOptions {
  url: string
  /** This process's name; its own messages come back and are ignored. */
  origin: string
  onMessage(message: RelayMessage): void
  /** Called after the listening connection came back: messages sent meanwhile were missed. */
  onReconnect(): void
  onError?(error: unknown): void
  /** First wait before reconnecting, doubled up to 30 s. */
  retryMs?: number
}

export interface Relay {
  publish(event: string, payload: unknown): Promise<void>
  /** True once LISTEN is in place (and again after a reconnect). */
  readonly listening: boolean
  close(): Promise<void>
}

/**
 * Messages between the processes serving one PostgreSQL database, over LISTEN/NOTIFY: one
 * dedicated connection listens (reconnecting with backoff when it drops), and messages are sent
 * through a small pool. Delivery is at most once and only to processes listening at the time,
 * which is why a reconnect is reported: the listener then refreshes everything it caches.
 */
export async function openRelay(options: RelayOptions): Promise<Relay> {
  const sender = new pg.Pool({ connectionString: options.url, max: 2 })
  sender.on('error', () => {})
  let listener: pg.Client | null = null
  let listening = false
  let closed = false
  let wait = options.retryMs ?? 500
  let retry: NodeJS.Timeout | null = null

  const receive = (msg: pg.Notification): void => {
    if (msg.channel !== CHANNEL || !msg.payload) return
    try {
      const message = JSON.parse(msg.payload) as RelayMessage
      if (message.origin !== options.origin) options.onMessage(message)
    } catch (error) {
      options.onError?.(error)
    }
  }

  const connect = async (reconnecting: boolean): Promise<void> => {
    const client = new pg.Client({ connectionString: options.url })
    client.on('error', (error) => {
      options.onError?.(error)
      dropped(client)
    })
    client.on('end', () => dropped(client))
    client.on('notification', receive)
    await client.connect()
    await client.query(`LISTEN ${CHANNEL}`)
    if (closed) {
      await client.end().catch(() => undefined)
      return
    }
    listener = client
    listening = true
    wait = options.retryMs ?? 500
    if (reconnecting) options.onReconnect()
  }

  const dropped = (client: pg.Client): void => {
    if (listener !== client || closed) return
    listener = null
    listening = false
    schedule()
  }

  const schedule = (): void => {
    if (closed || retry) return
    retry = setTimeout(() => {
      retry = null
      connect(true).catch((error: unknown) => {
        options.onError?.(error)
        wait = Math.min(wait * 2, 30_000)
        schedule()
      })
    }, wait)
    retry.unref()
  }

  await connect(false)

  return {
    get listening() {
      return listening
    },
    async publish(event, payload) {
      const text = JSON.stringify({ origin: options.origin, event, payload } satisfies RelayMessage)
      if (Buffer.byteLength(text) > MAX_PAYLOAD) {
        throw new Error(`event ${event} is too large to relay (${Buffer.byteLength(text)} bytes)`)
      }
      await sender.query('SELECT pg_notify($1, $2)', [CHANNEL, text])
    },
    async close() {
      closed = true
      if (retry) clearTimeout(retry)
      const client = listener
      listener = null
      listening = false
      await client?.end().catch(() => undefined)
      await sender.end().catch(() => undefined)
    },
  }
}
