import { docsScreenshot, expect, signIn, test } from './fixtures'
import { LeadsPage } from './pages/leads-page'
import { SEED_PASSWORD, SEED_USERS } from './seed/console-seed'
import { customerEndpoint, failedDeliveryWorkspace } from './seed/failed-delivery'
import { serveWorkspace } from './seed/workspace-file'

test('the lead detail shows a failed webhook delivery, its attempts, and a re-send that delivers', async ({
  page,
  browser,
}) => {
  const endpoint = await customerEndpoint()
  const { dir, workspace, seed } = await failedDeliveryWorkspace('leadline-lead-delivery-', endpoint.url, {
    request: '{"fields":{"email":"dana@mail.test"}}',
    response: '<html>502 Bad Gateway</html>',
    latencyMs: (n) => 10 + n,
  })
  const leadId = seed.leads.assigned
  const host = await serveWorkspace(dir, workspace)
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
    await page.screenshot({ path: docsScreenshot('leads-detail-delivery-light.png') })

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
    expect(await host.one('SELECT delivery_status AS s FROM leads WHERE id = ?', leadId)).toEqual({ s: 'delivered' })
    expect(await host.one(`SELECT count(*) AS n FROM audit_log WHERE action = 'lead.resend'`)).toEqual({ n: 1 })

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
