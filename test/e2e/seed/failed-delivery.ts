import { createServer, type Server } from 'node:http'
import { seedConsole } from './console-seed'
import { prepareWorkspace } from './workspace-file'

/** The customer's webhook, working again: answers 200 and keeps what it was sent. */
export async function customerEndpoint(): Promise<{ url: string; bodies: string[]; server: Server }> {
  const bodies: string[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      bodies.push(body)
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"ok":true}')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const address = server.address()
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`, bodies, server }
}

/**
 * The console seed with Acme delivering by webhook to `url`, and the assigned lead's delivery
 * failed: the endpoint answered 502 to all four attempts of the retry round.
 */
export function failedDeliveryWorkspace(
  prefix: string,
  url: string,
  attempt: { request: string; response: string; latencyMs: (n: number) => number },
) {
  return prepareWorkspace(
    prefix,
    { workspaceName: 'Acme Leads', name: 'Setup Admin', email: 'setup@leadline.test', password: 'password123' },
    async (app) => {
      const seed = await seedConsole(app)
      const db = app.services.deps.store.sqlite
      db.prepare(`UPDATE customers SET delivery = ? WHERE id = ?`).run(
        JSON.stringify({ method: 'webhook', url, headers: {} }),
        seed.customers.acme,
      )
      for (let n = 1; n <= 4; n++) {
        db.prepare(
          `INSERT INTO deliveries (lead_id, customer_id, attempt, url, request, response, status_code, latency_ms, ok, error, created_at)
           VALUES (?, ?, ?, ?, ?, ?, 502, ?, 0, 'HTTP 502', ?)`,
        ).run(
          seed.leads.assigned,
          seed.customers.acme,
          n,
          url,
          attempt.request,
          attempt.response,
          attempt.latencyMs(n),
          Date.now() - (5 - n) * 60_000,
        )
      }
      db.prepare(`UPDATE leads SET delivery_status = 'failed' WHERE id = ?`).run(seed.leads.assigned)
      return seed
    },
  )
}
