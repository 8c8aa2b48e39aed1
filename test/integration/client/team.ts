import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterEach, expect } from 'vitest'
import { RemoteWorkspace } from '../../../src/main/client/remote-workspace'
import { createBrowserHost } from '../../../src/main/host/browser-host'
import type { LeadlineApp } from '../../../src/main/host/app'
import type { HostBackend } from '../../../src/main/host/backend'
import { hashPassword } from '../../../src/main/services/passwords'
import type { Envelope } from '../../../src/shared/api/errors'
import { auditWorld, lead } from '../engine/seed'
import { tempDir, testApp, type TestApp } from '../../support/workspace'

/** The renderer files are not needed: these tests speak to `/rpc` and `/events` only. */
const STATIC = join(__dirname, '..', '..', '..', 'out', 'renderer')

const hosts: FastifyInstance[] = []
const remotes: RemoteWorkspace[] = []
afterEach(async () => {
  for (const h of hosts.splice(0)) await stopHost(h)
  for (const r of remotes.splice(0)) await r.close()
})

export async function stopHost(host: FastifyInstance): Promise<void> {
  host.server.closeAllConnections()
  await host.close()
}

/** A browser host for the app or backend on 127.0.0.1 (on `port`, or any free one). */
export async function listen(
  backend: LeadlineApp | HostBackend,
  port = 0,
  /** Runs before each request is routed (a test's way to make the server slow). */
  onRequest?: (url: string) => Promise<void>,
): Promise<{ host: FastifyInstance; port: number }> {
  const host = await createBrowserHost(backend, { staticDir: STATIC, logLevel: 'silent' })
  if (onRequest) host.addHook('onRequest', async (request) => onRequest(request.url))
  hosts.push(host)
  await host.listen({ port, host: '127.0.0.1' })
  const address = host.server.address()
  return { host, port: typeof address === 'object' && address ? address.port : 0 }
}

export const PASSWORD = 'password123'

/**
 * A team server on a test database (SQLite file or PostgreSQL) where every lead stops in Audit,
 * with two reviewers who sign in with a password: Dana and Omar.
 */
export async function teamServer() {
  const app = await testApp()
  await auditWorld(app)
  const hash = await hashPassword(PASSWORD)
  await app.services.auth.createUserRow(app.services.deps.db, 'Ada Admin', 'admin@example.com', 'Admin', hash)
  await app.services.auth.createUserRow(app.services.deps.db, 'Dana Reviewer', 'dana@example.com', 'Operator', hash)
  await app.services.auth.createUserRow(app.services.deps.db, 'Omar Reviewer', 'omar@example.com', 'Operator', hash)
  /** Calls to these paths answer only after a second, as a server under load might. */
  const slow = new Set<string>()
  const delay = async (url: string) => {
    if (slow.has(url)) await new Promise((resolve) => setTimeout(resolve, 1000))
  }
  let served = await listen(app, 0, delay)
  let n = 0
  return {
    app,
    slow,
    get port() {
      return served.port
    },
    get url() {
      return `http://127.0.0.1:${served.port}`
    },
    /** A lead that stops in Audit. */
    async ingest(): Promise<number> {
      n += 1
      const r = await app.services.distribution.ingest({
        sourceId: null,
        categorySlug: 'auto',
        fields: lead({ email: `audit${n}@example.com`, phone: `555${String(2_000_000 + n)}` }),
      })
      expect(r.status).toBe('Audit')
      return r.id
    },
    /** Stops answering (the process is gone as far as clients can tell); the database stays. */
    async stop(): Promise<void> {
      await stopHost(served.host)
    },
    async restart(): Promise<void> {
      served = await listen(app, served.port, delay)
    },
  }
}

export type TeamServer = Awaited<ReturnType<typeof teamServer>>

/** A client host in this process in front of the server, with its cache in `dataDir`. */
export async function clientHost(serverUrl: string, dataDir = tempDir(), requestTimeoutMs = 15_000) {
  const remote = new RemoteWorkspace({
    url: serverUrl,
    dataDir,
    requestTimeoutMs,
    backoff: { minMs: 50, maxMs: 200 },
    log: () => undefined,
  })
  remotes.push(remote)
  const { port } = await listen(remote)
  remote.start()
  return { remote, port, dataDir }
}

export async function rpc(
  port: number,
  method: string,
  input: unknown,
  token: string | null,
): Promise<Envelope<unknown>> {
  const response = await fetch(`http://127.0.0.1:${port}/rpc/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input ?? {}),
  })
  return (await response.json()) as Envelope<unknown>
}

/** Calls and returns the data, failing the test on an error envelope. */
export async function ok<T = unknown>(port: number, method: string, input: unknown, token: string | null): Promise<T> {
  const answer = await rpc(port, method, input, token)
  if (!answer.ok) throw new Error(`${method}: ${answer.error.code} ${answer.error.message}`)
  return answer.data as T
}

export async function signIn(port: number, email: string): Promise<string> {
  return (await ok<{ token: string }>(port, 'auth/login', { email, password: PASSWORD }, null)).token
}

/** Polls until `check` passes (a condition, not a fixed pause); fails after `ms`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T>,
  check: (value: T) => boolean,
  ms = 10_000,
): Promise<T> {
  const deadline = Date.now() + ms
  let last: T = await probe()
  while (!check(last)) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}: ${JSON.stringify(last)}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
    last = await probe()
  }
  return last
}

/** Reads the client host's `/events` as the renderer does, collecting events by name. */
export async function eventsOf(port: number, token: string) {
  const controller = new AbortController()
  const seen: Array<{ event: string; data: unknown }> = []
  const response = await fetch(`http://127.0.0.1:${port}/events?token=${encodeURIComponent(token)}`, {
    signal: controller.signal,
  })
  expect(response.status).toBe(200)
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  const reading = (async () => {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return
      buffer += decoder.decode(value, { stream: true })
      let end: number
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const event = /^event: (.*)$/m.exec(block)?.[1]
        const data = /^data: (.*)$/m.exec(block)?.[1]
        if (event && data) seen.push({ event, data: JSON.parse(data) as unknown })
      }
    }
  })().catch(() => undefined)
  return {
    seen,
    close: async () => {
      controller.abort()
      await reading
    },
  }
}

export type { TestApp }
