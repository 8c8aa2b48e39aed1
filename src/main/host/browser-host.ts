import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { extname, join, normalize, resolve } from 'node:path'
import type { LeadlineApp } from './app'
import { BodyTooLarge, readBody, sendJson } from './http'

const RPC_LIMIT = 64 * 1024 * 1024

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

function bearer(req: IncomingMessage): string | null {
  const header = req.headers.authorization
  return header?.startsWith('Bearer ') ? header.slice(7).trim() || null : null
}

/**
 * The browser host: the same API as the desktop app, as `POST /rpc/<area>/<verb>`, push events
 * as server-sent events on `GET /events`, and the built renderer as static files.
 */
export function createBrowserHost(app: LeadlineApp, staticDir: string): Server {
  const root = resolve(staticDir)

  async function rpc(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    let input: unknown
    try {
      const body = await readBody(req, RPC_LIMIT)
      input = body.length === 0 ? undefined : JSON.parse(body.toString('utf8'))
    } catch (error) {
      const message = error instanceof BodyTooLarge ? 'The request is too large' : 'The request body is not valid JSON'
      sendJson(res, error instanceof BodyTooLarge ? 413 : 400, { ok: false, error: { code: 'VALIDATION', message } })
      return
    }
    const envelope = await app.dispatch(method, input, bearer(req))
    sendJson(res, 200, envelope)
  }

  function events(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const token = url.searchParams.get('token')
    if (!app.services.auth.userForToken(token)) {
      sendJson(res, 401, { ok: false, error: { code: 'UNAUTHENTICATED', message: 'Sign in to continue' } })
      return
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    })
    res.write(': connected\n\n')
    const unsubscribe = app.events.subscribe((event, payload) => {
      res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`)
    })
    const keepAlive = setInterval(() => res.write(': ping\n\n'), 25_000)
    req.on('close', () => {
      clearInterval(keepAlive)
      unsubscribe()
    })
  }

  /** A finished export or rejected-rows file, once, with the one-time token its link carries. */
  function download(res: ServerResponse, url: URL): void {
    const id = url.pathname.slice('/downloads/'.length)
    const taken = app.services.files.take(id, url.searchParams.get('token') ?? '')
    if (!taken) {
      sendJson(res, 404, {
        ok: false,
        error: { code: 'NOT_FOUND', message: 'This download has expired or was already taken' },
      })
      return
    }
    const name = taken.fileName.replace(/[^\w.-]+/g, '_')
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"`,
      'content-length': statSync(taken.path).size,
      'cache-control': 'no-store',
    })
    const stream = createReadStream(taken.path)
    stream.pipe(res)
    stream.on('close', taken.done)
  }

  function file(res: ServerResponse, pathname: string): void {
    const wanted = normalize(join(root, decodeURIComponent(pathname)))
    const inside = wanted.startsWith(root)
    const path = inside && existsSync(wanted) && statSync(wanted).isFile() ? wanted : join(root, 'index.html')
    if (!existsSync(path)) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
      res.end('The renderer is not built. Run `npm run build` first.')
      return
    }
    res.writeHead(200, {
      'content-type': MIME[extname(path)] ?? 'application/octet-stream',
      'cache-control': path.endsWith('index.html') ? 'no-cache' : 'public, max-age=3600',
    })
    createReadStream(path).pipe(res)
  }

  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname.startsWith('/rpc/')) {
      if (req.method !== 'POST') {
        sendJson(res, 405, { ok: false, error: { code: 'VALIDATION', message: 'Use POST' } }, { allow: 'POST' })
        return
      }
      void rpc(req, res, url.pathname.slice('/rpc/'.length))
      return
    }
    if (url.pathname === '/events') return events(req, res, url)
    if (url.pathname.startsWith('/downloads/') && req.method === 'GET') return download(res, url)
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { ok: false, error: { code: 'VALIDATION', message: 'Not allowed' } })
      return
    }
    file(res, url.pathname)
  })
}
