import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import { createBrowserHost } from '../../../src/main/host/browser-host'
import { rawRequest } from '../../support/raw-http'
import { adminToken, testApp, type TestApp } from '../../support/workspace'

/** Needs `npm run build` first for the renderer files (npm test does it). */
const STATIC = join(__dirname, '..', '..', '..', 'out', 'renderer')
const hosts: FastifyInstance[] = []
afterEach(async () => {
  for (const h of hosts.splice(0)) {
    h.server.closeAllConnections()
    await h.close()
  }
})

async function browserHost(app: TestApp, requestMs = 1500): Promise<number> {
  const host = await createBrowserHost(app, {
    staticDir: STATIC,
    allowedHosts: ['leads.example.test'],
    timeouts: { headersMs: 1000, requestMs },
    logLevel: 'silent',
  })
  hosts.push(host)
  await host.listen({ port: 0, host: '127.0.0.1' })
  const address = host.server.address()
  return typeof address === 'object' && address ? address.port : 0
}

async function userCount(app: TestApp): Promise<number> {
  const row = await app.services.deps.db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

function post(port: number, path: string, headers: Record<string, string>, body = '{}'): string {
  const lines = Object.entries({
    host: `127.0.0.1:${port}`,
    'content-length': String(Buffer.byteLength(body)),
    ...headers,
  })
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}: ${v}`)
  return `POST ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n${body}`
}

const get = (port: number, path: string, host = `127.0.0.1:${port}`, extra = ''): string =>
  `GET ${path} HTTP/1.1\r\nhost: ${host}\r\n${extra}\r\n`

const json = { 'content-type': 'application/json' }
const setup = JSON.stringify({ name: 'Mallory', email: 'mallory@example.com', password: 'password123' })

describe('the browser host under hostile requests', () => {
  it('answers each with a 4xx, creates no user from another site and keeps serving', async () => {
    const app = await testApp()
    const port = await browserHost(app)
    const own = `http://127.0.0.1:${port}`
    const big = 'x'.repeat(20 * 1024)
    const cases: [string, () => ReturnType<typeof rawRequest>][] = [
      // Paths and queries that do not decode, or climb out of the renderer's folder.
      ['bare % in the path', () => rawRequest(port, get(port, '/%'))],
      ['bad escape in the path', () => rawRequest(port, get(port, '/%zz'))],
      ['broken UTF-8 in the path', () => rawRequest(port, get(port, '/%E0%A4%A'))],
      ['bad escape in an /rpc path', () => rawRequest(port, post(port, '/rpc/auth%zz', json))],
      ['bare % in the query', () => rawRequest(port, get(port, '/leads?q=%'))],
      ['broken UTF-8 in the query', () => rawRequest(port, get(port, '/leads?q=%ff%fe'))],
      ['../ out of the root', () => rawRequest(port, get(port, '/../../etc/passwd'))],
      ['encoded ../', () => rawRequest(port, get(port, '/..%2f..%2fpackage.json'))],
      ['encoded dots', () => rawRequest(port, get(port, '/%2e%2e/%2e%2e/etc/passwd'))],
      ['../ under assets', () => rawRequest(port, get(port, '/assets/../../../package.json'))],
      ['NUL in the path', () => rawRequest(port, get(port, '/index.html%00.js'))],
      ['a missing file', () => rawRequest(port, get(port, '/nothing-here.js'))],
      // Headers too large, and requests that never finish.
      ['a 20 KB header', () => rawRequest(port, get(port, '/', `127.0.0.1:${port}`, `x-big: ${big}\r\n`))],
      ['a 20 KB URL', () => rawRequest(port, get(port, `/${big}`))],
      [
        'many headers totalling 40 KB',
        () =>
          rawRequest(
            port,
            get(
              port,
              '/',
              `127.0.0.1:${port}`,
              Array.from({ length: 400 }, (_, i) => `x-h${i}: ${'y'.repeat(100)}\r\n`).join(''),
            ),
          ),
      ],
      ['headers that never end', () => rawRequest(port, `GET / HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nx-slow: 1\r\n`)],
      [
        'a body that never arrives',
        () => rawRequest(port, post(port, '/rpc/auth/status', { ...json, 'content-length': '100' }), { body: '{"a":' }),
      ],
      // Bodies over the limit of a caller who is not signed in, declared and streamed.
      [
        'a declared 100 MB body',
        () =>
          rawRequest(port, post(port, '/rpc/auth/status', { ...json, 'content-length': String(100 * 1024 * 1024) })),
      ],
      [
        'a streamed body past 16 KB',
        () =>
          rawRequest(
            port,
            post(port, '/rpc/auth/login', { ...json, 'content-length': '', 'transfer-encoding': 'chunked' }, ''),
            {
              stream: { chunk: Buffer.from(`2000\r\n${' '.repeat(0x2000)}\r\n`), max: 64 * 1024 * 1024 },
            },
          ),
      ],
      [
        'a 1 MB import chunk from nobody',
        () => rawRequest(port, post(port, '/rpc/imports/upload', json, `{"chunk":"${'A'.repeat(1024 * 1024)}"}`)),
      ],
      // Wrong or missing media types.
      ['text/plain', () => rawRequest(port, post(port, '/rpc/auth/status', { 'content-type': 'text/plain' }))],
      ['no content type', () => rawRequest(port, post(port, '/rpc/auth/status', {}))],
      [
        'a form',
        () =>
          rawRequest(
            port,
            post(port, '/rpc/auth/status', { 'content-type': 'application/x-www-form-urlencoded' }, 'a=1'),
          ),
      ],
      [
        'multipart',
        () => rawRequest(port, post(port, '/rpc/auth/status', { 'content-type': 'multipart/form-data; boundary=x' })),
      ],
      [
        'application/json-patch+json',
        () => rawRequest(port, post(port, '/rpc/auth/status', { 'content-type': 'application/json-patch+json' })),
      ],
      [
        'text/plain setup',
        () => rawRequest(port, post(port, '/rpc/auth/setup', { 'content-type': 'text/plain', origin: own }, setup)),
      ],
      [
        'a form setup from another site',
        () =>
          rawRequest(
            port,
            post(
              port,
              '/rpc/auth/setup',
              { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
              'name=M',
            ),
          ),
      ],
      // Other sites and other host names.
      [
        'setup from another site',
        () => rawRequest(port, post(port, '/rpc/auth/setup', { ...json, origin: 'https://evil.example' }, setup)),
      ],
      ['setup with no Origin', () => rawRequest(port, post(port, '/rpc/auth/setup', json, setup))],
      [
        'setup from Origin null',
        () => rawRequest(port, post(port, '/rpc/auth/setup', { ...json, origin: 'null' }, setup)),
      ],
      [
        'a call from another port',
        () => rawRequest(port, post(port, '/rpc/auth/status', { ...json, origin: `http://127.0.0.1:${port + 1}` })),
      ],
      [
        'a call from a look-alike origin',
        () =>
          rawRequest(
            port,
            post(port, '/rpc/auth/status', { ...json, origin: `http://127.0.0.1.evil.example:${port}` }),
          ),
      ],
      ['a rebinding Host on a page', () => rawRequest(port, get(port, '/', 'rebind.evil.example'))],
      ['a rebinding Host with the port', () => rawRequest(port, get(port, '/', `rebind.evil.example:${port}`))],
      [
        'a rebinding Host on /rpc',
        () =>
          rawRequest(
            port,
            post(
              port,
              '/rpc/auth/setup',
              { ...json, host: 'rebind.evil.example', origin: 'http://rebind.evil.example' },
              setup,
            ),
          ),
      ],
      ['another port in Host', () => rawRequest(port, get(port, '/', `127.0.0.1:${port + 1}`))],
      ['a look-alike Host', () => rawRequest(port, get(port, '/', `localhost.evil.example:${port}`))],
      ['no Host at all', () => rawRequest(port, 'GET / HTTP/1.0\r\n\r\n')],
      // Methods and shapes the host does not serve.
      ['GET on /rpc', () => rawRequest(port, get(port, '/rpc/auth/status'))],
      ['PUT on /rpc', () => rawRequest(port, post(port, '/rpc/auth/status', json).replace(/^POST/, 'PUT'))],
      ['DELETE on a page', () => rawRequest(port, get(port, '/leads').replace(/^GET/, 'DELETE'))],
      ['PATCH on /rpc', () => rawRequest(port, post(port, '/rpc/leads/list', json).replace(/^POST/, 'PATCH'))],
      ['OPTIONS on /rpc', () => rawRequest(port, get(port, '/rpc/auth/status').replace(/^GET/, 'OPTIONS'))],
      ['TRACE', () => rawRequest(port, get(port, '/').replace(/^GET/, 'TRACE'))],
      ['PROPFIND', () => rawRequest(port, get(port, '/').replace(/^GET/, 'PROPFIND'))],
      ['a method that does not exist', () => rawRequest(port, get(port, '/').replace(/^GET/, 'BREW'))],
      ['a garbage request line', () => rawRequest(port, 'HELLO THERE\r\n\r\n')],
      [
        'two Content-Lengths',
        () => rawRequest(port, post(port, '/rpc/auth/status', { ...json, 'content-length': '2\r\ncontent-length: 3' })),
      ],
      [
        'chunked and a length',
        () => rawRequest(port, post(port, '/rpc/auth/status', { ...json, 'transfer-encoding': 'chunked' })),
      ],
      // Bodies that are not what they claim.
      ['invalid JSON', () => rawRequest(port, post(port, '/rpc/auth/login', json, '{"email":'))],
      ['an empty JSON body', () => rawRequest(port, post(port, '/rpc/auth/status', json, ''))],
      [
        '__proto__ in JSON',
        () => rawRequest(port, post(port, '/rpc/auth/status', json, '{"__proto__":{"admin":true}}')),
      ],
      ['an unknown method', () => rawRequest(port, post(port, '/rpc/nothing/here', json))],
      ['events without a token', () => rawRequest(port, get(port, '/events'))],
      ['a download that does not exist', () => rawRequest(port, get(port, '/downloads/abc?token=x'))],
    ]
    expect(cases.length).toBeGreaterThanOrEqual(40)
    for (const [name, send] of cases) {
      const answer = await send()
      expect(
        answer.status,
        `${name}: ${answer.head.split('\r\n', 1)[0]} ${answer.body.slice(0, 200)}`,
      ).toBeGreaterThanOrEqual(400)
      expect(answer.status, name).toBeLessThan(500)
    }
    expect(await userCount(app)).toBe(0)

    // Still serving: the page, the API, and the first Admin from the host's own page.
    const page = await rawRequest(port, get(port, '/'))
    expect(page.status).toBe(200)
    expect(page.body).toContain('<div id="root">')
    const status = await rawRequest(port, post(port, '/rpc/auth/status', { ...json, origin: own }))
    expect(JSON.parse(status.body)).toMatchObject({ ok: true, data: { needsSetup: true } })
    const allowed = await rawRequest(port, get(port, '/leads', 'leads.example.test'))
    expect(allowed.status).toBe(200)
    const created = await rawRequest(port, post(port, '/rpc/auth/setup', { ...json, origin: own }, setup))
    expect(JSON.parse(created.body)).toMatchObject({ ok: true, data: { user: { email: 'mallory@example.com' } } })
    expect(await userCount(app)).toBe(1)
  }, 60_000)

  it('sends the security headers with the page', async () => {
    const app = await testApp()
    const port = await browserHost(app)
    const page = await rawRequest(port, get(port, '/'))
    const head = page.head.toLowerCase()
    expect(head).toMatch(/content-security-policy: [^\r\n]*frame-ancestors 'none'/)
    expect(head).toMatch(/content-security-policy: [^\r\n]*script-src 'self'/)
    expect(head).toContain('x-frame-options: deny')
    expect(head).toContain('x-content-type-options: nosniff')
    expect(head).toContain('referrer-policy: no-referrer')
  })

  it('refuses a signed-in call over its method’s limit without reading it, but takes an import chunk', async () => {
    const app = await testApp()
    const token = await adminToken(app)
    const port = await browserHost(app, 20_000)
    const auth = { ...json, authorization: `Bearer ${token}` }
    const twoMb = `{"filter":"${'x'.repeat(2 * 1024 * 1024)}"}`
    const listed = await rawRequest(port, post(port, '/rpc/leads/list', auth, twoMb))
    expect(listed.status).toBe(413)
    const streamed = await rawRequest(
      port,
      post(port, '/rpc/leads/list', { ...auth, 'content-length': '', 'transfer-encoding': 'chunked' }, ''),
      { stream: { chunk: Buffer.from(`10000\r\n${' '.repeat(0x10000)}\r\n`), max: 256 * 1024 * 1024 } },
    )
    expect(streamed.status).toBe(413)
    // Refused long before the 256 MB the client was ready to send.
    expect(streamed.sent).toBeLessThan(64 * 1024 * 1024)
    const chunk = Buffer.from('first_name\nAnn\n'.repeat(60_000)).toString('base64')
    const upload = await rawRequest(
      port,
      post(port, '/rpc/imports/upload', auth, JSON.stringify({ fileName: 'a.csv', chunk, done: true })),
    )
    expect(upload.status).toBe(200)
    expect(JSON.parse(upload.body)).toMatchObject({ ok: true })
  })
})
