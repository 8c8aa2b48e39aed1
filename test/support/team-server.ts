import { type ChildProcess, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Envelope } from '../../src/shared/api/errors'
import type { Input, Method, Result } from '../../src/shared/api/contract'

/**
 * Real team-server processes (`node out/main/server.js`) for tests: the build they run, starting
 * them on free ports, RPC and server-sent events against their browser hosts, and polling for a
 * condition with a deadline. Every process started here is killed by `stopServers()` (call it in
 * afterEach/afterAll) and, failing that, when the test process exits.
 */

export const ROOT = join(__dirname, '..', '..')
const SERVER = join(ROOT, 'out/main/server.js')

/** Polls `probe` until it gives a value (not null/undefined/false), or fails naming `what`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  options: { timeoutMs?: number; everyMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000)
  for (;;) {
    const value = await probe()
    if (value !== null && value !== undefined && value !== false) return value
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, options.everyMs ?? 100))
  }
}

function newest(dir: string): number {
  let latest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs)
  }
  return latest
}

function stale(): boolean {
  if (!existsSync(SERVER) || !existsSync(join(ROOT, 'out/renderer/index.html'))) return true
  return newest(join(ROOT, 'src')) > statSync(SERVER).mtimeMs
}

function run(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (c: Buffer) => (output += c.toString()))
    child.stderr.on('data', (c: Buffer) => (output += c.toString()))
    child.on('error', reject)
    child.on('exit', (code) => resolve({ code, output }))
  })
}

/**
 * Builds the app as `npm run server` would (scripts/serve.mjs): when out/ is missing or older than
 * src/. Test files run in parallel workers, so one builds at a time, under a lock directory kept
 * outside out/ (the build empties out/).
 */
export async function ensureServerBuilt(): Promise<void> {
  if (!stale()) return
  const lock = join(tmpdir(), `leadline-build-${createHash('sha1').update(ROOT).digest('hex').slice(0, 12)}.lock`)
  await waitFor(
    'the build lock',
    () => {
      try {
        mkdirSync(lock)
        return true
      } catch {
        // A lock left by a killed run is older than any build takes.
        const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()
        if (Date.now() - since > 180_000) rmSync(lock, { recursive: true, force: true })
        return false
      }
    },
    { timeoutMs: 180_000, everyMs: 250 },
  )
  try {
    if (!stale()) return
    const built = await run(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'])
    if (built.code !== 0) throw new Error(`The build failed:\n${built.output.slice(-4000)}`)
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}

export interface ServerProcess {
  name: string
  pid: number
  /** The intake API sources post to. */
  intakeUrl: string
  /** The browser host: RPC, events, pages. */
  hostUrl: string
  /** True once the process has ended. */
  readonly exited: boolean
  /** The last lines it printed, for a failing test's message. */
  output(): string
  /** Sends `signal` and resolves when the process has ended. */
  kill(signal?: NodeJS.Signals): Promise<void>
}

const children = new Set<ChildProcess>()
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL')
})

/** Ends `child` with `signal` (SIGKILL after 5 s if it has not ended) and waits for it. */
async function end(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const ended = new Promise<void>((r) => child.once('exit', () => r()))
  child.kill(signal)
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
  await ended
  clearTimeout(timer)
}

/** Ends every server process still running (SIGTERM, then SIGKILL); for afterEach/afterAll. */
export async function stopServers(): Promise<void> {
  await Promise.all([...children].map((child) => end(child, 'SIGTERM')))
  children.clear()
}

/**
 * Starts `node out/main/server.js` on the database with any free ports and resolves once both
 * of its "listening" lines are out (so its intake and browser host answer).
 */
export async function startServer(name: string, database: string, extra: string[] = []): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [SERVER, '--database', database, '--port', '0', '--intake-port', '0', ...extra],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  children.add(child)
  child.once('exit', () => children.delete(child))
  const lines: string[] = []
  const keep = (chunk: Buffer): void => {
    lines.push(...chunk.toString().split('\n').filter(Boolean))
    if (lines.length > 200) lines.splice(0, lines.length - 200)
  }
  child.stderr.on('data', keep)
  const output = () => lines.join('\n')
  const urls = await new Promise<{ intake: string; host: string }>((resolve, reject) => {
    let intake = ''
    let buffer = ''
    const timer = setTimeout(() => reject(new Error(`${name} did not start in 30 s:\n${output()}`)), 30_000)
    child.stdout.on('data', (chunk: Buffer) => {
      keep(chunk)
      buffer += chunk.toString()
      intake ||= /Intake API listening on (http:\/\/\S+)/.exec(buffer)?.[1] ?? ''
      const host = /Leadline listening on (http:\/\/\S+)/.exec(buffer)?.[1]
      if (intake && host) {
        clearTimeout(timer)
        buffer = ''
        resolve({ intake, host })
      }
    })
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`${name} ended (${signal ?? code}) before listening:\n${output()}`))
    })
  })
  return {
    name,
    pid: child.pid ?? 0,
    intakeUrl: urls.intake,
    hostUrl: urls.host,
    get exited() {
      return child.exitCode !== null || child.signalCode !== null
    },
    output,
    kill: (signal = 'SIGTERM') => end(child, signal),
  }
}

/** Calls a method on a server's browser host as the renderer does: `POST /rpc/<method>`, JSON, bearer token. */
export async function rpc<M extends Method>(
  server: Pick<ServerProcess, 'hostUrl'>,
  method: M,
  input: Input<M>,
  token: string | null,
): Promise<Envelope<Result<M>>> {
  const res = await fetch(`${server.hostUrl}/rpc/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input ?? {}),
  })
  return (await res.json()) as Envelope<Result<M>>
}

/** The same, failing with the error when the call does not succeed. */
export async function rpcOk<M extends Method>(
  server: Pick<ServerProcess, 'hostUrl'>,
  method: M,
  input: Input<M>,
  token: string | null,
): Promise<Result<M>> {
  const result = await rpc(server, method, input, token)
  if (!result.ok) throw new Error(`${method} failed: ${result.error.code} ${result.error.message}`)
  return result.data
}

export interface PushEvent {
  event: string
  data: unknown
}

export interface EventStream {
  /** Every event received so far, in order. */
  events: PushEvent[]
  close(): void
}

/** Connects to a server's `GET /events` (server-sent events) as a signed-in operator's screen does. */
export async function listenEvents(server: Pick<ServerProcess, 'hostUrl'>, token: string): Promise<EventStream> {
  const events: PushEvent[] = []
  const url = new URL(`/events?token=${encodeURIComponent(token)}`, server.hostUrl)
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = httpRequest(url, { headers: { accept: 'text/event-stream' } }, resolve)
    req.on('error', reject)
    req.end()
  })
  if (res.statusCode !== 200) {
    res.resume()
    throw new Error(`GET /events answered ${res.statusCode}`)
  }
  let buffer = ''
  let connected: () => void = () => {}
  const ready = new Promise<void>((r) => (connected = r))
  res.on('data', (chunk: Buffer) => {
    buffer += chunk.toString()
    let end: number
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      if (block.startsWith(': connected')) connected()
      const event = /^event: (.*)$/m.exec(block)?.[1]
      const data = /^data: (.*)$/m.exec(block)?.[1]
      if (event && data !== undefined) events.push({ event, data: JSON.parse(data) as unknown })
    }
  })
  res.on('error', () => {})
  // Subscribed on the server once its first comment is out.
  await ready
  return { events, close: () => res.destroy() }
}

/** Runs `fn` over `items` with at most `concurrency` calls in flight; results in the items' order. */
export async function inPool<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
) {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++
      results[i] = await fn(items[i] as T, i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker))
  return results
}
