import { docsScreenshot, expect, test } from './fixtures'
import { LeadsPage } from './pages/leads-page'
import { customerEndpoint, failedDeliveryWorkspace } from './seed/failed-delivery'
import { serveWorkspace } from './seed/workspace-file'

test('an operator finds a failed webhook delivery and sends it again', async ({ page }) => {
  const endpoint = await customerEndpoint()
  const { dir, workspace, seed } = await failedDeliveryWorkspace('leadline-deliveries-', endpoint.url, {
    request: '{}',
    response: 'bad gateway',
    latencyMs: () => 12,
  })
  const leadId = seed.leads.assigned
  const host = await serveWorkspace(dir, workspace)
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
    await page.screenshot({ path: docsScreenshot('deliveries-failed-light.png') })

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
    await page.screenshot({ path: docsScreenshot('deliveries-all-dark.png') })

    expect(await host.one('SELECT delivery_status AS s FROM leads WHERE id = ?', leadId)).toEqual({ s: 'delivered' })
  } finally {
    await host.stop()
    endpoint.server.close()
  }
})
