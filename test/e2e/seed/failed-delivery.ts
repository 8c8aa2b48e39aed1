import { createServer, type Server } from 'node:http'
import { inTransaction } from '../../../src/main/db/transaction'
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
      await inTransaction(app.services.deps.db, async (trx) => {
        await trx
          .updateTable('customers')
          .set({ delivery: JSON.stringify({ method: 'webhook', url, headers: {} }) })
          .where('id', '=', seed.customers.acme)
          .execute()
        for (let n = 1; n <= 4; n++) {
          await trx
            .insertInto('deliveries')
            .values({
              lead_id: seed.leads.assigned,
              customer_id: seed.customers.acme,
              attempt: n,
              url,
              request: attempt.request,
              response: attempt.response,
              status_code: 502,
              latency_ms: attempt.latencyMs(n),
              ok: 0,
              error: 'HTTP 502',
              created_at: Date.now() - (5 - n) * 60_000,
            })
            .execute()
        }
        await trx
          .updateTable('leads')
          .set({ delivery_status: 'failed' })
          .where('id', '=', seed.leads.assigned)
          .execute()
      })
      return seed
    },
  )
}
