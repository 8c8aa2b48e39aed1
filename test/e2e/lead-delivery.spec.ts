import { createServer, type Server } from 'node:http'
import { expect, signIn, test } from './fixtures'
import { LeadsPage } from './pages/leads-page'
import { SEED_PASSWORD, SEED_USERS, seedConsole } from './seed/console-seed'
import { prepareWorkspace, serveWorkspace } from './seed/workspace-file'

/** The customer's webhook, working again: answers 200 and keeps what it was sent. */
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

test('the lead detail shows a failed webhook delivery, its attempts, and a re-send that delivers', async ({
  page,
  browser,
}) => {
  const endpoint = await customerEndpoint()
  const { dir, file, seed } = await prepareWorkspace(
    'leadline-lead-delivery-',
    { workspaceName: 'Acme Leads', name: 'Setup Admin', email: 'setup@leadline.test', password: 'password123' },
    async (app) => {
      const seed = await seedConsole(app)
      const db = app.services.deps.store.sqlite
      db.prepare(`UPDATE customers SET delivery = ? WHERE id = ?`).run(
        JSON.stringify({ method: 'webhook', url: endpoint.url, headers: {} }),
        seed.customers.acme,
      )
      // The endpoint was down for every retry of the round: the lead's delivery failed.
      for (let attempt = 1; attempt <= 4; attempt++) {
        db.prepare(
          `INSERT INTO deliveries (lead_id, customer_id, attempt, url, request, response, status_code, latency_ms, ok, error, created_at)
           VALUES (?, ?, ?, ?, '{"fields":{"email":"dana@mail.test"}}', '<html>502 Bad Gateway</html>', 502, ?, 0, 'HTTP 502', ?)`,
        ).run(
          seed.leads.assigned,
          seed.customers.acme,
          attempt,
          endpoint.url,
          10 + attempt,
          Date.now() - (5 - attempt) * 60_000,
        )
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

    // A lead never sent by webhook has no delivery section at all.
    const asked = page.waitForResponse((r) => r.url().includes('/rpc/deliveries/list') && r.ok())
    await leads.open(seed.leads.posted)
    await asked
    await expect(leads.detail.getByRole('heading', { level: 3 })).toBeVisible()
    await expect(page.getByTestId('lead-delivery')).toHaveCount(0)
    await page.keyboard.press('Escape')
    await expect(leads.detail).toHaveCount(0)

    await leads.open(leadId)
    const delivery = page.getByTestId('lead-delivery')
    await expect(delivery.getByTestId('lead-delivery-status')).toHaveText('Failed')
    await expect(delivery).toContainText('4 attempts to Acme Insurance')
    await expect(delivery.locator('[data-testid^="delivery-attempt-"]')).toHaveCount(4)
    const fourth = delivery.getByTestId('delivery-attempt-4')
    await expect(fourth).toContainText('HTTP 502')
    await expect(fourth).toContainText('14 ms')
    // The newest attempt comes first.
    await expect(delivery.locator('[data-testid^="delivery-attempt-"]').first()).toHaveAttribute(
      'data-testid',
      'delivery-attempt-4',
    )
    await fourth.getByRole('button', { name: 'Attempt 4' }).click()
    await expect(fourth).toContainText(`Sent to ${endpoint.url}`)
    await expect(fourth).toContainText('"email": "dana@mail.test"')
    await expect(fourth).toContainText('<html>502 Bad Gateway</html>')
    // The panel has finished opening once its height is no longer clipped.
    await expect(fourth.locator('.mantine-Accordion-panel')).toHaveCSS('overflow', 'visible')
    await page.screenshot({ path: 'docs/screenshots/leads-detail-delivery-light.png' })

    await delivery.getByRole('button', { name: 'Re-send' }).click()
    await expect(leads.notification('Sent again; the result appears in Delivery')).toBeVisible()
    await expect(delivery.getByTestId('lead-delivery-status')).toHaveText('Delivered')
    await expect(delivery).toContainText('5 attempts to Acme Insurance')
    const fifth = delivery.getByTestId('delivery-attempt-5')
    await expect(fifth).toContainText('HTTP 200')
    await expect(fifth).toContainText('OK')
    await fifth.getByRole('button', { name: 'Attempt 5' }).click()
    await expect(fifth).toContainText('"ok": true')

    expect(endpoint.bodies).toHaveLength(1)
    expect(host.one('SELECT delivery_status AS s FROM leads WHERE id = ?', leadId)).toEqual({ s: 'delivered' })
    expect(host.one(`SELECT count(*) AS n FROM audit_log WHERE action = 'lead.resend'`)).toEqual({ n: 1 })

    await delivery.getByRole('link', { name: /Deliveries/ }).click()
    await expect(page.getByRole('heading', { name: 'Deliveries' })).toBeVisible()

    // A Viewer sees the delivery but cannot re-send it.
    const viewerContext = await browser.newContext()
    try {
      const viewer = new LeadsPage(await viewerContext.newPage())
      await viewer.page.goto(host.url)
      await signIn(viewer.page, SEED_USERS.Viewer, SEED_PASSWORD)
      await viewer.open(leadId)
      const seen = viewer.page.getByTestId('lead-delivery')
      await expect(seen.getByTestId('lead-delivery-status')).toHaveText('Delivered')
      await expect(seen.locator('[data-testid^="delivery-attempt-"]')).toHaveCount(5)
      await expect(seen.getByRole('button', { name: 'Re-send' })).toHaveCount(0)
    } finally {
      await viewerContext.close()
    }
  } finally {
    await host.stop()
    endpoint.server.close()
  }
})
