import { createServer, type IncomingHttpHeaders } from 'node:http'

export interface Received {
  method: string
  path: string
  headers: IncomingHttpHeaders
  body: string
  json: unknown
}

export interface Answer {
  status?: number
  body?: unknown
  /** Raw text instead of JSON. */
  text?: string
  /** Answer this late (a slow partner or customer). */
  delayMs?: number
}

export interface LocalServer {
  url: string
  received: Received[]
  close(): Promise<void>
}

/**
 * A partner or customer endpoint on 127.0.0.1 that answers what `answer` says and records every
 * request; the caller closes it (any test runner: vitest and Playwright alike).
 */
export async function startLocalServer(answer: (req: Received, index: number) => Answer): Promise<LocalServer> {
  const received: Received[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      let json: unknown = null
      try {
        json = JSON.parse(body)
      } catch {
        json = null
      }
      const r: Received = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, json }
      received.push(r)
      const a = answer(r, received.length - 1)
      const send = (): void => {
        if (res.destroyed) return
        const text = a.text ?? JSON.stringify(a.body ?? {})
        res.writeHead(a.status ?? 200, { 'content-type': a.text === undefined ? 'application/json' : 'text/plain' })
        res.end(text)
      }
      if (a.delayMs) setTimeout(send, a.delayMs)
      else send()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: async () => {
      server.closeAllConnections()
      await new Promise((r) => server.close(r))
    },
  }
}
