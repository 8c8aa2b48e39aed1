import { createServer, type Server } from 'node:http'
import { expect, test } from './fixtures'
import { LeadsPage } from './pages/leads-page'
import { seedConsole } from './seed/console-seed'
import { prepareWorkspace, serveWorkspace } from './seed/workspace-file'

/** The customer's webhook: answers 200 and keeps what it was sent. */
async function customerEndpoint(): Promise<{ url: string; bodies: string[]; server: Server }> {
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

test('an operator finds a failed webhook delivery and sends it again', async ({ page }) => {
  const endpoint = await customerEndpoint()
  const { dir, file, seed } = await prepareWorkspace(
    'leadline-deliveries-',
    { workspaceName: 'Acme Leads', name: 'Setup Admin', email: 'setup@leadline.test', password: 'password123' },
    async (app) => {
      const seed = await seedConsole(app)
      const db = app.services.deps.store.sqlite
      db.prepare(`UPDATE customers SET delivery = ? WHERE id = ?`).run(
        JSON.stringify({ method: 'webhook', url: endpoint.url, headers: {} }),
        seed.customers.acme,
      )
      // The webhook was down for every retry: four attempts, the lead's delivery failed.
      for (let attempt = 1; attempt <= 4; attempt++) {
        db.prepare(
          `INSERT INTO deliveries (lead_id, customer_id, attempt, url, request, response, status_code, latency_ms, ok, error, created_at)
           VALUES (?, ?, ?, ?, '{}', 'bad gateway', 502, 12, 0, 'HTTP 502', ?)`,
        ).run(seed.leads.assigned, seed.customers.acme, attempt, endpoint.url, Date.now() - (5 - attempt) * 60_000)
      }
      db.prepare(`UPDATE leads SET delivery_status = 'failed' WHERE id = ?`).run(seed.leads.assigned)
      return seed
    },
  )
  const leadId = seed.leads.assigned
  const host = await serveWorkspace(dir, file)
  try {
    const leads = new LeadsPage(page)
    await leads.signInAs(host.url, 'Operator')
    await page.getByRole('link', { name: 'Deliveries' }).click()
    await expect(page.getByRole('heading', { name: 'Deliveries' })).toBeVisible()
    const row = page.getByTestId(`delivery-row-${leadId}`)
    await expect(row).toContainText('HTTP 502')
    await expect(row).toContainText('Acme Insurance')
    await expect(row).toContainText('failed')
    await expect(page.getByText('1 - 1 / 1')).toBeVisible()
    await page.screenshot({ path: 'docs/screenshots/deliveries-failed-light.png' })

    await row.getByRole('button', { name: /Re-send/ }).click()
    await expect(page.getByText('Sent again; the result appears here')).toBeVisible()
    // Delivered now: it leaves the Failed list and shows under Delivered with the customer's answer.
    await expect(row).toHaveCount(0)
    await page.getByText('Delivered', { exact: true }).click()
    await expect(page.getByTestId(`delivery-row-${leadId}`)).toContainText('HTTP 200')

    expect(endpoint.bodies).toHaveLength(1)
    const sent = JSON.parse(endpoint.bodies[0] ?? '{}') as { fields: Record<string, unknown> }
    expect(Object.keys(sent.fields)).toContain('email')
    expect(Object.keys(sent.fields)).not.toContain('credit_score')

    await page.getByRole('button', { name: /Switch to dark theme/ }).click()
    await page.getByText('Every attempt', { exact: true }).click()
    await expect(page.getByTestId(`delivery-row-${leadId}`)).toHaveCount(5)
    await page.screenshot({ path: 'docs/screenshots/deliveries-all-dark.png' })

    expect(host.one('SELECT delivery_status AS s FROM leads WHERE id = ?', leadId)).toEqual({ s: 'delivered' })
  } finally {
    await host.stop()
    endpoint.server.close()
  }
})
