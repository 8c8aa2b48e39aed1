import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import fastifyHelmet from '@fastify/helmet'
import fastifyStatic from '@fastify/static'
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import { isMethod } from '../../shared/api/contract'
import type { LeadlineApp } from './app'
import { type HostBackend, isBackend, localBackend } from './backend'
import {
  clientErrorHandler,
  DEFAULT_TIMEOUTS,
  frameworkErrors,
  HttpError,
  queryDecodes,
  limitStream,
  logFailures,
  mediaType,
  serverFactory,
  type Timeouts,
} from './http'
import { HostNames, sameOrigin } from './origin'
import { bodyLimitFor, LARGEST_BODY_LIMIT } from './rpc-limits'

export interface BrowserHostOptions {
  staticDir: string
  /** Host names the host answers to besides 127.0.0.1:PORT and localhost:PORT (`--allowed-host`). */
  allowedHosts?: readonly string[]
  timeouts?: Timeouts
  /** Where the log goes; stdout by default, as JSON lines. */
  logLevel?: 'warn' | 'error' | 'silent'
}

/** The renderer's policy: its own scripts only, inline styles (Mantine), never framed. */
const CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
}

/** Paths of the renderer's own screens (the client router); anything else is not a page. */
const APP_ROUTE = /^\/[A-Za-z0-9_/-]*$/

function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization
  return header?.startsWith('Bearer ') ? header.slice(7).trim() || null : null
}

const envelope = (code: string, message: string) => ({ ok: false, error: { code, message } })

/**
 * The browser host: the same API as the desktop app as `POST /rpc/<area>/<verb>`, push events as
 * server-sent events on `GET /events`, downloads, and the built renderer as static files. It
 * answers only its own host names and origin, and knows who calls before it reads a body.
 */
export async function createBrowserHost(
  served: LeadlineApp | HostBackend,
  options: BrowserHostOptions,
): Promise<FastifyInstance> {
  const backend = isBackend(served) ? served : localBackend(served)
  const root = resolve(options.staticDir)
  const reasons = new WeakMap<object, string>()
  const limits = new WeakMap<object, number>()
  const fastify = Fastify({
    serverFactory: serverFactory(options.timeouts ?? DEFAULT_TIMEOUTS),
    bodyLimit: LARGEST_BODY_LIMIT,
    logger: { level: options.logLevel ?? 'warn' },
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    clientErrorHandler,
    frameworkErrors: frameworkErrors((message) => envelope('VALIDATION', message)),
  })
  const port = (): number => {
    const address = fastify.server.address()
    return typeof address === 'object' && address ? address.port : 0
  }
  const names = new HostNames(port, options.allowedHosts ?? [])

  const refuse = (request: FastifyRequest, status: number, message: string, code = 'FORBIDDEN'): never => {
    reasons.set(request, message)
    throw new HttpError(status, message, code)
  }

  logFailures(fastify, reasons)
  fastify.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500
    if (status >= 500) {
      reasons.set(request, error.message)
      return reply.code(status).send(envelope('INTERNAL', 'Something went wrong inside Leadline'))
    }
    if (!reasons.has(request)) reasons.set(request, error.message)
    // Refused before the body was read: close, so the rest of it is not parsed as a request.
    if (status === 413) reply.header('connection', 'close')
    const code =
      error instanceof HttpError
        ? error.code
        : status === 401
          ? 'UNAUTHENTICATED'
          : status === 403
            ? 'FORBIDDEN'
            : status === 404
              ? 'NOT_FOUND'
              : 'VALIDATION'
    return reply.code(status).send(envelope(code, error.message))
  })
  fastify.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?', 1)[0] ?? '/'
    if (path.startsWith('/rpc/')) {
      reasons.set(request, 'method not allowed')
      return reply.code(405).header('allow', 'POST').send(envelope('VALIDATION', 'Use POST'))
    }
    if ((request.method === 'GET' || request.method === 'HEAD') && APP_ROUTE.test(path)) {
      if (!existsSync(join(root, 'index.html'))) {
        reasons.set(request, 'renderer not built')
        return reply
          .code(503)
          .type('text/plain; charset=utf-8')
          .send('The renderer is not built. Run `npm run build` first.')
      }
      return reply.header('cache-control', 'no-cache').sendFile('index.html')
    }
    reasons.set(request, 'no such path')
    return reply.code(404).send(envelope('NOT_FOUND', 'Not found'))
  })

  // Every request, whatever its path: only the names this host serves (DNS rebinding).
  fastify.addHook('onRequest', async (request) => {
    if (!names.allows(request.headers.host)) refuse(request, 403, 'This host name is not served here')
    if (!queryDecodes(request.url)) refuse(request, 400, 'The query string is not valid', 'VALIDATION')
  })

  await fastify.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CSP },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // Served over plain HTTP on loopback: HSTS would pin 127.0.0.1 to HTTPS for the browser.
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  })
  await fastify.register(fastifyStatic, {
    root,
    index: ['index.html'],
    wildcard: true,
    // Built assets carry a content hash; the page itself is always checked again.
    cacheControl: false,
    setHeaders: (res, path) => {
      res.setHeader('cache-control', path.endsWith('.html') ? 'no-cache' : 'public, max-age=3600')
    },
  })
  fastify.removeContentTypeParser(['text/plain'])

  /** Host, media type, origin and caller are checked from the headers alone; the limit follows the caller. */
  async function guardRpc(request: FastifyRequest): Promise<void> {
    const method = (request.params as { '*'?: string })['*'] ?? ''
    if (!isMethod(method)) refuse(request, 404, 'No such method', 'NOT_FOUND')
    if (mediaType(request) !== 'application/json') refuse(request, 403, 'Calls are JSON (application/json) only')
    const origin = request.headers.origin
    if (origin !== undefined && !sameOrigin(origin, request.headers.host))
      refuse(request, 403, 'Calls from other sites are refused')
    // The first Admin is only ever created by the page this host serves.
    if (method === 'auth/setup' && origin === undefined) refuse(request, 403, 'Set up the workspace from its own page')
    const signedIn = await backend.signedIn(bearer(request))
    const limit = bodyLimitFor(method, signedIn)
    const declared = Number(request.headers['content-length'] ?? 0)
    if (declared > limit)
      refuse(request, 413, `The request body is larger than ${Math.round(limit / 1024)} KB`, 'VALIDATION')
    limits.set(request, limit)
  }

  fastify.post(
    '/rpc/*',
    {
      onRequest: guardRpc,
      preParsing: async (request, _reply, payload) => payload.pipe(limitStream(limits.get(request) ?? 0)),
    },
    async (request) => {
      const method = (request.params as { '*': string })['*']
      return backend.dispatch(method, request.body, bearer(request), { address: request.ip })
    },
  )

  // For load balancers and monitors: the database answers and its schema is this build's.
  fastify.get('/healthz', async (_request: FastifyRequest, reply: FastifyReply) => {
    const health = await backend.health()
    return reply.code(health.ok ? 200 : 503).send(health)
  })

  fastify.get('/events', async (request: FastifyRequest<{ Querystring: { token?: string } }>, reply: FastifyReply) => {
    if (!(await backend.signedIn(request.query.token ?? null)))
      return refuse(request, 401, 'Sign in to continue', 'UNAUTHENTICATED')
    reply.hijack()
    const res = reply.raw
    // The caller may have gone while its session was looked up.
    if (res.destroyed) return
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    })
    res.write(': connected\n\n')
    const unsubscribe = backend.subscribe((event, payload) => {
      res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`)
    })
    const keepAlive = setInterval(() => res.write(': ping\n\n'), 25_000)
    request.raw.on('close', () => {
      clearInterval(keepAlive)
      unsubscribe()
    })
  })

  /** A finished export or rejected-rows file, once, with the one-time token its link carries. */
  fastify.get(
    '/downloads/:id',
    async (request: FastifyRequest<{ Params: { id: string }; Querystring: { token?: string } }>, reply) => {
      const taken = await backend.download(request.params.id, request.query.token ?? '')
      if (!taken) return refuse(request, 404, 'This download has expired or was already taken', 'NOT_FOUND')
      const name = taken.fileName.replace(/[^\w.-]+/g, '_')
      if (taken.size !== null) reply.header('content-length', taken.size)
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'no-store')
        .send(taken.stream)
    },
  )

  return fastify
}
