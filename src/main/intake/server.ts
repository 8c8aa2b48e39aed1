import type { Server } from 'node:http'
import fastifyFormbody from '@fastify/formbody'
import fastifyRateLimit from '@fastify/rate-limit'
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import type { IntakeSettings } from '../../shared/domain/config'
import { PingpostRepository } from '../db/repositories/pingpost'
import {
  clientErrorHandler,
  DEFAULT_TIMEOUTS,
  frameworkErrors,
  logFailures,
  mediaType,
  queryDecodes,
  serverFactory,
  type Timeouts,
} from '../host/http'
import { hashApiKey } from '../services/api-keys'
import { applyAliases, checkLimits, flattenNested, formFields } from './body'
import { clientOf } from './client'
import { routes as defaultRoutes } from './routes'
import { type IntakeSource, IntakeSourcesRepository, SourceCache } from './sources'
import type { IntakeContext, IntakeReply, IntakeRoute, IntakeServices } from './types'

/** Largest lead body accepted; anything above is refused before it is buffered. */
export const MAX_BODY_BYTES = 256 * 1024

const FORM = 'application/x-www-form-urlencoded'

const isJson = (type: string): boolean =>
  type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'))

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** A refusal with the intake's error body; fastify's error handler answers it. */
class Refusal extends Error {
  constructor(
    readonly statusCode: number,
    readonly error: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
  }
}

/** The fastify error codes of a body that could not be parsed, as the intake's error words. */
function refusalOf(error: Error & { statusCode?: number; code?: string }): Refusal {
  if (error instanceof Refusal) return error
  const status = typeof error.statusCode === 'number' ? error.statusCode : 500
  if (status === 413)
    return new Refusal(413, 'payload_too_large', `The body is larger than ${MAX_BODY_BYTES / 1024} KB`)
  if (status === 415) return new Refusal(415, 'unsupported_media_type', 'Send the lead as application/json or a form')
  if (status === 408) return new Refusal(408, 'timeout', 'The request took too long to arrive')
  if (status === 400) return new Refusal(400, 'malformed_json', 'The body is not valid JSON')
  if (status < 500) return new Refusal(status, 'bad_request', error.message)
  return new Refusal(500, 'internal', 'The request could not be processed')
}

const servers = new WeakMap<Server, FastifyInstance>()

export interface IntakeServerOptions {
  timeouts?: Timeouts
  logLevel?: 'warn' | 'error' | 'silent'
}

/**
 * The intake API sources call: `POST /api/v1/<route>` with `X-Api-Key`, the lead as JSON or as a
 * form. From the headers alone, before any body is read: the route, the key, the media type, the
 * declared size and the source's rate. Then the body's limits, then the route. Every refusal
 * happens before anything is stored, and none can end the process.
 */
export function createIntakeServer(
  app: { services: IntakeServices },
  routes: readonly IntakeRoute[] = defaultRoutes,
  options: IntakeServerOptions = {},
): Server {
  const ctx: IntakeContext = {
    services: app.services,
    sources: new IntakeSourcesRepository(app.services.deps.store),
    pingpost: new PingpostRepository(app.services.deps.ids),
  }
  const sources = new SourceCache(ctx.sources, hashApiKey)
  let settings: IntakeSettings | null = null
  const current = (): IntakeSettings => (settings ??= app.services.settings.workspace.intakeSettings())
  const unsubscribe = app.services.deps.events.subscribe((event, payload) => {
    if (event !== 'changed' || !('areas' in payload)) return
    if (payload.areas.some((a) => a === 'settings' || a === 'sources')) {
      sources.clear()
    }
    if (payload.areas.includes('intake')) settings = null
  })
  const reasons = new WeakMap<object, string>()
  const bySource = new WeakMap<object, IntakeSource>()

  const fastify = Fastify({
    serverFactory: serverFactory(options.timeouts ?? DEFAULT_TIMEOUTS),
    bodyLimit: MAX_BODY_BYTES,
    logger: { level: options.logLevel ?? 'warn' },
    logController: new LogController({ disableRequestLogging: true }),
    clientErrorHandler,
    frameworkErrors: frameworkErrors((message) => ({ error: 'bad_request', message })),
    // X-Forwarded-For is believed only from the proxies the workspace names.
    trustProxy: (address: string) => current().trustedProxies.includes(address),
  })
  logFailures(fastify, reasons)
  fastify.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const refusal = refusalOf(error)
    reasons.set(request, error.message)
    if (refusal.statusCode >= 500) request.log.error({ err: error }, 'intake request failed')
    // Refused before the body was read: close, so the rest of it is not parsed as a request.
    if (refusal.statusCode === 413) reply.header('connection', 'close')
    return reply
      .code(refusal.statusCode)
      .headers(refusal.headers)
      .send({ error: refusal.error, message: refusal.message })
  })
  const paths = new Set(routes.map((r) => r.path))
  fastify.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?', 1)[0] ?? '/'
    if (paths.has(path)) {
      reasons.set(request, 'method not allowed')
      return reply.code(405).header('allow', 'POST').send({ error: 'method_not_allowed', message: 'Use POST' })
    }
    reasons.set(request, 'no such endpoint')
    return reply.code(404).send({ error: 'not_found', message: `No endpoint ${path.slice(0, 200)}` })
  })

  // Who is calling and what they send, from the headers; registered before the rate limit so
  // that the limit counts per source.
  fastify.addHook('onRequest', async (request: FastifyRequest) => {
    if (request.routeOptions.url === undefined) return // no such endpoint: the not-found answer
    if (!queryDecodes(request.url)) throw new Refusal(400, 'bad_request', 'The query string is not valid')
    const key = request.headers['x-api-key']
    const source = typeof key === 'string' && key !== '' ? sources.lookup(key) : null
    if (!source || !source.active)
      throw new Refusal(401, 'unauthorized', source ? 'This source is inactive' : 'Missing or unknown X-Api-Key')
    const type = mediaType(request)
    if (!isJson(type) && type !== FORM)
      throw new Refusal(
        415,
        'unsupported_media_type',
        'Send the lead as application/json or application/x-www-form-urlencoded',
      )
    if (Number(request.headers['content-length'] ?? 0) > MAX_BODY_BYTES)
      throw new Refusal(413, 'payload_too_large', `The body is larger than ${MAX_BODY_BYTES / 1024} KB`)
    bySource.set(request, source)
  })

  void fastify.register(fastifyRateLimit, {
    global: true,
    timeWindow: 1000,
    max: () => current().limits.requestsPerSecond,
    keyGenerator: (request) => String(bySource.get(request)?.id ?? request.ip),
    // The usual answer carries no rate headers; a refused one says when to come back.
    addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
    addHeaders: {
      'x-ratelimit-limit': true,
      'x-ratelimit-remaining': true,
      'x-ratelimit-reset': true,
      'retry-after': true,
    },
    errorResponseBuilder: (_request, context) =>
      new Refusal(
        429,
        'rate_limited',
        `This source may send ${context.max} requests per second; retry in ${Math.max(1, Math.ceil(context.ttl / 1000))} s`,
      ),
  })
  void fastify.register(fastifyFormbody, { bodyLimit: MAX_BODY_BYTES })
  fastify.removeContentTypeParser(['text/plain'])
  fastify.addContentTypeParser(
    /^application\/[\w.+-]+\+json$/,
    { parseAs: 'string' },
    fastify.getDefaultJsonParser('error', 'error'),
  )

  // Routes go in after the plugins, so the rate limit (added per route as routes appear) covers them.
  void fastify.register(async (scope) => {
    for (const route of routes) {
      scope.post(route.path, async (request: FastifyRequest, reply: FastifyReply) => {
        const source = bySource.get(request)
        if (!source) throw new Refusal(401, 'unauthorized', 'Missing or unknown X-Api-Key')
        if (!isObject(request.body)) throw new Refusal(400, 'malformed_json', 'The body must be a JSON object')
        const limited = checkLimits(request.body, current().limits)
        if (limited) return send(reply, limited, request)
        // A form and its JSON twin become the same flat set of fields before the aliases apply.
        const fields = mediaType(request) === FORM ? formFields(request.body) : flattenNested(request.body)
        const body = applyAliases(fields, source.aliases ?? {})
        const client = clientOf(body, request)
        if ('status' in client) return send(reply, client, request)
        const answer = await route.handle(
          { source, body: client.body, headers: request.headers, client: client.client },
          ctx,
        )
        return send(reply, answer, request)
      })
    }
  })

  function send(reply: FastifyReply, answer: IntakeReply, request: FastifyRequest): FastifyReply {
    if (answer.status >= 400) {
      const body = answer.body as { message?: string; fields?: Record<string, string> }
      reasons.set(request, body.fields ? JSON.stringify(body.fields).slice(0, 300) : (body.message ?? ''))
    }
    if (answer.headers) void reply.headers(answer.headers)
    return reply.code(answer.status).send(answer.body)
  }

  servers.set(fastify.server, fastify)
  fastify.server.on('close', unsubscribe)
  return fastify.server
}

/** Listens on `host:port` (0 = any free port) and resolves with the port taken. */
export async function listenIntake(server: Server, port: number, host = '127.0.0.1'): Promise<number> {
  await servers.get(server)?.ready()
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      const address = server.address()
      resolve(typeof address === 'object' && address ? address.port : port)
    })
  })
}
