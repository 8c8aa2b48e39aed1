import { Agent as HttpAgent, request as httpRequest } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'

/** The part of `fetch` the partner client uses; tests may pass the real `fetch`. */
export type HttpCall = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal: AbortSignal },
) => Promise<{ status: number; ok: boolean; text(): Promise<string> }>

// Connections to partners are kept open between leads: a ping round reuses them instead of
// paying a TCP (and TLS) handshake per partner per lead.
const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 256 })
const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 256 })

const MAX_BODY = 1024 * 1024

/**
 * A lean `fetch` for partner calls over node:http. A ping round waits for its slowest partner up
 * to the timeout, so per-request overhead shows directly in the stage's latency; this client
 * adds well under a millisecond. The AbortSignal (AbortSignal.timeout) ends the request, the
 * socket with it, and rejects with the signal's reason (a TimeoutError).
 */
export const nodeHttpCall: HttpCall = (url, init) => send(url, init, true)

function send(url: string, init: Parameters<HttpCall>[1], mayRetry: boolean): ReturnType<HttpCall> {
  return new Promise((resolve, reject) => {
    const target = new URL(url)
    const secure = target.protocol === 'https:'
    if (!secure && target.protocol !== 'http:') {
      reject(new Error(`unsupported protocol ${target.protocol}`))
      return
    }
    if (init.signal.aborted) {
      reject(init.signal.reason)
      return
    }
    const req = (secure ? httpsRequest : httpRequest)(
      target,
      {
        method: init.method,
        headers:
          init.body === undefined ? init.headers : { ...init.headers, 'content-length': Buffer.byteLength(init.body) },
        agent: secure ? httpsAgent : httpAgent,
      },
      (res) => {
        const chunks: Buffer[] = []
        let size = 0
        res.on('data', (chunk: Buffer) => {
          // Keep the first MB; the rest of an oversized answer is read and dropped.
          if (size < MAX_BODY) chunks.push(chunk)
          size += chunk.length
        })
        res.on('end', () => {
          cleanup()
          const text = Buffer.concat(chunks).toString('utf8')
          const status = res.statusCode ?? 0
          resolve({ status, ok: status >= 200 && status < 300, text: () => Promise.resolve(text) })
        })
        res.on('error', fail)
      },
    )
    const onAbort = (): void => {
      req.destroy()
      fail(init.signal.reason)
    }
    let settled = false
    function cleanup(): void {
      settled = true
      init.signal.removeEventListener('abort', onAbort)
    }
    function fail(error: unknown): void {
      if (settled) return
      cleanup()
      reject(error)
    }
    init.signal.addEventListener('abort', onAbort, { once: true })
    req.on('error', (error: NodeJS.ErrnoException) => {
      // A kept-alive connection the partner closed just as we reused it: the request never
      // reached the partner, so it is sent once more on a fresh connection.
      if (mayRetry && req.reusedSocket && error.code === 'ECONNRESET' && !settled && !init.signal.aborted) {
        cleanup()
        send(url, init, false).then(resolve, reject)
        return
      }
      fail(error)
    })
    req.end(init.body)
  })
}
