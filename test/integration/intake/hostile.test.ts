import type { Server } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { createIntakeServer, listenIntake } from '../../../src/main/intake'
import { rawRequest } from '../../support/raw-http'
import { lead } from '../engine/seed'
import { API_KEY, intakeHarness } from './harness'

const servers: Server[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections()
    await new Promise((r) => s.close(r))
  }
})

describe('the intake under hostile requests', () => {
  it('answers each with a 4xx, stores nothing and keeps taking leads', async () => {
    const h = await intakeHarness()
    // A second intake on the same workspace with short timeouts, so slow clients are cut off quickly.
    const server = createIntakeServer(h.app, undefined, {
      timeouts: { headersMs: 1000, requestMs: 1500 },
      logLevel: 'silent',
    })
    servers.push(server)
    const port = await listenIntake(server, 0)
    const head = (path: string, headers: Record<string, string>, method = 'POST') =>
      `${method} ${path} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\n${Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}`)
        .join('\r\n')}\r\n\r\n`
    const json = { 'content-type': 'application/json', 'x-api-key': API_KEY }
    const body = JSON.stringify(lead())
    const post = (path: string, headers: Record<string, string>, text = body) =>
      rawRequest(port, head(path, { ...headers, 'content-length': String(Buffer.byteLength(text)) }), { body: text })
    const cases: [string, () => ReturnType<typeof rawRequest>][] = [
      ['bare % in the path', () => post('/api/v1/%', json)],
      ['broken UTF-8 in the path', () => post('/api/v1/leads%E0%A4%A', json)],
      ['bare % in the query', () => post('/api/v1/leads?x=%', json)],
      ['../ in the path', () => post('/api/v1/../../etc/passwd', json)],
      ['encoded ../', () => post('/api/v1/..%2f..%2fleads', json)],
      ['a 20 KB header', () => post('/api/v1/leads', { ...json, 'x-big': 'x'.repeat(20 * 1024) })],
      [
        'a body that never arrives',
        () => rawRequest(port, head('/api/v1/leads', { ...json, 'content-length': '500' }), { body: '{"first_name":' }),
      ],
      [
        'a declared 10 MB body',
        () => rawRequest(port, head('/api/v1/leads', { ...json, 'content-length': String(10 * 1024 * 1024) })),
      ],
      [
        'a streamed body past 256 KB',
        () =>
          rawRequest(port, head('/api/v1/leads', { ...json, 'transfer-encoding': 'chunked' }), {
            stream: { chunk: Buffer.from(`2000\r\n${' '.repeat(0x2000)}\r\n`), max: 64 * 1024 * 1024 },
          }),
      ],
      ['text/plain', () => post('/api/v1/leads', { ...json, 'content-type': 'text/plain' })],
      ['no content type', () => post('/api/v1/leads', { 'x-api-key': API_KEY })],
      ['multipart', () => post('/api/v1/leads', { ...json, 'content-type': 'multipart/form-data; boundary=x' })],
      ['no key', () => post('/api/v1/leads', { 'content-type': 'application/json' })],
      ['a wrong key', () => post('/api/v1/leads', { ...json, 'x-api-key': 'll_wrong' })],
      ['GET', () => rawRequest(port, head('/api/v1/leads', json, 'GET'))],
      ['PUT', () => rawRequest(port, head('/api/v1/leads', json, 'PUT'))],
      ['DELETE', () => rawRequest(port, head('/api/v1/leads', json, 'DELETE'))],
      ['a garbage request line', () => rawRequest(port, 'NOT HTTP AT ALL\r\n\r\n')],
      ['invalid JSON', () => post('/api/v1/leads', json, '{"first_name":')],
      ['a JSON array', () => post('/api/v1/leads', json, '[1,2,3]')],
      ['__proto__ in JSON', () => post('/api/v1/leads', json, '{"__proto__":{"x":1}}')],
      [
        '__proto__ in a form',
        () =>
          post(
            '/api/v1/leads',
            { ...json, 'content-type': 'application/x-www-form-urlencoded' },
            '__proto__=1&first_name=A',
          ),
      ],
      ['nesting 50 deep', () => post('/api/v1/leads', json, `${'{"a":'.repeat(50)}1${'}'.repeat(50)}`)],
    ]
    for (const [name, send] of cases) {
      const answer = await send()
      expect(
        answer.status,
        `${name}: ${answer.head.split('\r\n', 1)[0]} ${answer.body.slice(0, 200)}`,
      ).toBeGreaterThanOrEqual(400)
      expect(answer.status, name).toBeLessThan(500)
    }
    expect(await h.leadCount()).toBe(0)
    const fine = await post('/api/v1/leads', json)
    expect(fine.status).toBe(201)
    expect(await h.leadCount()).toBe(1)
  }, 60_000)
})
