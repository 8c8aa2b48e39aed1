import { Worker } from 'node:worker_threads'

/** Latencies in ms; p(0.99) of a sorted copy. */
export function percentile(values: ArrayLike<number>, p: number): number {
  if (values.length === 0) return 0
  const sorted = Float64Array.from(values).sort()
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))
  return sorted[index] ?? 0
}

export const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits

/**
 * The load generator runs in its own thread (plain JavaScript, so it needs no loader) and keeps
 * `concurrency` keep-alive connections busy; the server under test keeps the main event loop to
 * itself. Bodies are `template` with `{{i}}` replaced by a running number so every lead differs.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { Agent, request } = require('node:http')
const { url, headers, template, seconds, concurrency, firstIndex } = workerData
const target = new URL(url)
const agent = new Agent({ keepAlive: true, maxSockets: concurrency })
const latencies = []
const statuses = {}
let next = firstIndex
const deadline = performance.now() + seconds * 1000
function one(payload) {
  return new Promise((resolve) => {
    const req = request({ agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST',
      headers: { ...headers, 'content-length': Buffer.byteLength(payload) } }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode || 0))
    })
    req.on('error', () => resolve(0))
    req.end(payload)
  })
}
async function client() {
  while (performance.now() < deadline) {
    const i = next++
    const payload = template.replaceAll('{{i}}', String(i)).replaceAll('{{i4}}', String(i % 10000).padStart(4, '0'))
      .replaceAll('{{i3}}', String(200 + (Math.floor(i / 10000) % 800)))
    const t0 = performance.now()
    const status = await one(payload)
    latencies.push(performance.now() - t0)
    statuses[status] = (statuses[status] || 0) + 1
  }
}
const started = performance.now()
Promise.all(Array.from({ length: concurrency }, client)).then(() => {
  const elapsed = (performance.now() - started) / 1000
  agent.destroy()
  parentPort.postMessage({ elapsed, statuses, latencies: Float64Array.from(latencies) })
})
`

export interface LoadResult {
  ok: number
  perSecond: number
  latencies: Float64Array
  statuses: Record<string, number>
}

export function loadTest(options: {
  url: string
  headers: Record<string, string>
  template: string
  seconds: number
  concurrency: number
  expectStatus: number
  firstIndex?: number
}): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        url: options.url,
        headers: options.headers,
        template: options.template,
        seconds: options.seconds,
        concurrency: options.concurrency,
        firstIndex: options.firstIndex ?? 0,
      },
    })
    worker.once('error', reject)
    worker.once('message', (m: { elapsed: number; statuses: Record<string, number>; latencies: Float64Array }) => {
      const ok = m.statuses[String(options.expectStatus)] ?? 0
      void worker.terminate()
      resolve({ ok, perSecond: ok / m.elapsed, latencies: m.latencies, statuses: m.statuses })
    })
  })
}
