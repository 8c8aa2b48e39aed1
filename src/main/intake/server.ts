import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { PingpostRepository } from '../db/repositories/pingpost'
import { hashApiKey } from '../services/api-keys'
import { BodyTooLarge, readBody } from '../host/http'
import { routes as defaultRoutes } from './routes'
import { IntakeSourcesRepository, SourceCache } from './sources'
import type { IntakeContext, IntakeReply, IntakeRoute, IntakeServices } from './types'

/** Largest lead body accepted; anything above is refused before it is buffered. */
export const MAX_BODY_BYTES = 256 * 1024

function send(res: ServerResponse, answer: IntakeReply): void {
  const text = JSON.stringify(answer.body)
  res.writeHead(answer.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...answer.headers,
  })
  res.end(text)
}

const fail = (status: number, error: string, message: string): IntakeReply => ({
  status,
  body: { error, message },
})

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function isJson(contentType: string | undefined): boolean {
  if (!contentType) return false
  const type = contentType.split(';', 1)[0]?.trim().toLowerCase() ?? ''
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'))
}

/**
 * The intake API sources call: `POST /api/v1/<route>` with `X-Api-Key`. Checks run cheapest
 * first (route, key, content type, size, JSON) and each refusal happens before anything is stored.
 * Plain node:http keeps the per-request overhead small; the engine does the real work.
 */
export function createIntakeServer(
  app: { services: IntakeServices },
  routes: readonly IntakeRoute[] = defaultRoutes,
): Server {
  const ctx: IntakeContext = {
    services: app.services,
    sources: new IntakeSourcesRepository(app.services.deps.store),
    pingpost: new PingpostRepository(app.services.deps.store, app.services.deps.ids),
  }
  const byPath = new Map(routes.map((r) => [r.path, r]))
  const sources = new SourceCache(ctx.sources, hashApiKey)
  const unsubscribe = app.services.deps.events.subscribe((event, payload) => {
    if (event === 'changed' && 'areas' in payload && payload.areas.some((a) => a === 'settings' || a === 'sources'))
      sources.clear()
  })

  async function handle(req: IncomingMessage): Promise<IntakeReply> {
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/'
    const route = byPath.get(path)
    if (!route) {
      req.resume()
      return fail(404, 'not_found', `No endpoint ${path}`)
    }
    if (req.method !== 'POST') {
      req.resume()
      return { ...fail(405, 'method_not_allowed', 'Use POST'), headers: { allow: 'POST' } }
    }
    const key = req.headers['x-api-key']
    const source = typeof key === 'string' && key !== '' ? sources.lookup(key) : null
    if (!source || !source.active) {
      req.resume()
      return fail(401, 'unauthorized', source ? 'This source is inactive' : 'Missing or unknown X-Api-Key')
    }
    if (!isJson(req.headers['content-type'])) {
      req.resume()
      return fail(415, 'unsupported_media_type', 'Send the lead as application/json')
    }
    let body: unknown
    try {
      body = JSON.parse((await readBody(req, MAX_BODY_BYTES)).toString('utf8'))
    } catch (error) {
      if (error instanceof BodyTooLarge)
        return fail(413, 'payload_too_large', `The body is larger than ${MAX_BODY_BYTES / 1024} KB`)
      return fail(400, 'malformed_json', 'The body is not valid JSON')
    }
    if (!isObject(body)) return fail(400, 'malformed_json', 'The body must be a JSON object')
    return route.handle({ source, body, headers: req.headers }, ctx)
  }

  const server = createServer((req, res) => {
    handle(req).then(
      (answer) => {
        // Refusals sent before the body was read close the connection so no stray bytes are parsed.
        if (answer.status === 413) res.setHeader('connection', 'close')
        send(res, answer)
      },
      (error: unknown) => {
        console.error('Intake request failed:', error)
        send(res, fail(500, 'internal', 'The request could not be processed'))
      },
    )
  })
  // A client gets 10 s to send its headers and 30 s for the whole request; a trickling body
  // must not hold a connection open for the default five minutes.
  server.headersTimeout = 10_000
  server.requestTimeout = 30_000
  server.on('close', unsubscribe)
  return server
}

/** Listens on `host:port` (0 = any free port) and resolves with the port taken. */
export function listenIntake(server: Server, port: number, host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      const address = server.address()
      resolve(typeof address === 'object' && address ? address.port : port)
    })
  })
}
