import { signIn } from './fixtures'
import { LeadsPage } from './pages/leads-page'
import { expect, test } from './seed/demo-host'

test('on the demo workspace: table totals, a real decision trace, bulk Process and audit review', async ({
  page,
  demoHost,
}) => {
  const leads = new LeadsPage(page)
  const admin = demoHost.demo.users.find((u) => u.role === 'Admin')
  if (!admin) throw new Error('the demo has no Admin')
  await page.goto(demoHost.url)
  await signIn(page, admin.email, admin.password)

  const total = (await demoHost.one<{ n: number }>('SELECT count(*) AS n FROM leads')).n
  await leads.expectTotal(total)

  // A sold lead opens with the trace the engine wrote, step for step.
  const sold = await demoHost.one<{ id: number }>(
    `SELECT id FROM leads WHERE status = 'Assigned' ORDER BY created_at DESC LIMIT 1`,
  )
  const events = await demoHost.query<{ message: string }>(
    'SELECT message FROM lead_events WHERE lead_id = ? ORDER BY id',
    sold.id,
  )
  await leads.filterStatus('Assigned')
  await leads.open(sold.id)
  const trace = page.getByTestId('decision-trace')
  // Delivery may add steps while the test runs; every step written so far is there, in order.
  await expect(trace.locator('.mantine-Timeline-item').nth(events.length - 1)).toBeVisible()
  for (const [i, e] of events.entries()) {
    await expect(trace.locator('.mantine-Timeline-item').nth(i)).toContainText(e.message)
  }
  await page.keyboard.press('Escape')

  // Bulk Process: the breakdown matches the database. (Statuses nothing changes on its own: the
  // running host expires marketplace auctions and resumes Pending leads meanwhile.)
  await page.getByRole('button', { name: /Clear filters/ }).click()
  await leads.filterStatus('Uncategorized', 'Distribution Error', 'Duplicate')
  const counts = await demoHost.query<{ status: string; n: number }>(
    `SELECT status, count(*) AS n FROM leads
      WHERE status IN ('Uncategorized', 'Distribution Error', 'Duplicate') GROUP BY status`,
  )
  const selected = counts.reduce((sum, c) => sum + c.n, 0)
  const eligible = counts.filter((c) => c.status !== 'Duplicate').reduce((sum, c) => sum + c.n, 0)
  await leads.expectTotal(selected)
  await page.getByRole('button', { name: '50', exact: true }).click()
  await page.getByRole('menuitem', { name: '25', exact: true }).click()
  await page.getByRole('checkbox', { name: 'Select all leads on this page' }).check()
  if (selected > 25) await page.getByRole('button', { name: `Select all ${selected} matching` }).click()
  await expect(page.getByTestId('selection-count')).toHaveText(`· ${selected} selected`)
  await leads.button('Process').click()
  const dialog = leads.dialog('Process selected leads')
  await expect(dialog.getByTestId('breakdown-total')).toHaveText(String(selected))
  await expect(dialog.getByTestId('breakdown-eligible')).toHaveText(String(eligible))
  for (const c of counts) await expect(dialog.getByTestId(`breakdown-${c.status}`)).toContainText(String(c.n))
  await dialog.getByRole('button', { name: 'Next' }).click()
  await dialog.getByRole('radio', { name: 'Bidding', exact: true }).check()
  await dialog.getByRole('button', { name: 'Next' }).click()
  await dialog.getByRole('button', { name: `Process ${eligible} leads` }).click()
  await expect(dialog.getByTestId('reprocess-summary')).toContainText(
    `${eligible} processed, ${selected - eligible} skipped (not eligible)`,
  )
  const reprocessed = (
    await demoHost.one<{ n: number }>(
      `SELECT count(DISTINCT lead_id) AS n FROM lead_events WHERE stage = 'operator' AND kind = 'reprocess'`,
    )
  ).n
  expect(reprocessed).toBe(eligible)
  await dialog.getByRole('button', { name: 'Done' }).click()

  // The audit queue holds exactly the workspace's Audit leads; A approves the first.
  const audit = await demoHost.query<{ id: number }>(
    `SELECT id FROM leads WHERE status = 'Audit' ORDER BY created_at, id`,
  )
  await page.getByRole('link', { name: 'Audit' }).click()
  await expect(page.getByTestId('audit-position')).toHaveText(`1 of ${audit.length}`)
  await page.keyboard.press('a')
  await expect(leads.notification(/Approved: the lead is now/)).toBeVisible()
  expect(
    (await demoHost.one<{ status: string }>('SELECT status FROM leads WHERE id = ?', audit[0]?.id)).status,
  ).not.toBe('Audit')
})

test("on the demo workspace: a customer's view never carries a non-deliverable field", async ({ page, demoHost }) => {
  const admin = demoHost.demo.users.find((u) => u.role === 'Operator')
  if (!admin) throw new Error('the demo has no Operator')
  const hidden = await demoHost.query<{ key: string; label: string; category_id: number }>(
    `SELECT key, label, category_id FROM fields WHERE deliverable = 0`,
  )
  expect(hidden.length).toBeGreaterThan(0)
  const customer = await demoHost.one<{ id: number; n: number }>(
    `SELECT customer_id AS id, count(*) AS n FROM leads WHERE status IN ('Assigned', 'Returned')
      AND category_id IN (${hidden.map((h) => h.category_id).join(',')}) GROUP BY customer_id ORDER BY n DESC LIMIT 1`,
  )
  await page.goto(demoHost.url)
  await signIn(page, admin.email, admin.password)
  const views: string[] = []
  page.on('response', async (r) => {
    if (r.url().includes('/rpc/leads/customerView')) views.push(await r.text())
  })
  await page.goto(`${demoHost.url}/#/customer-view/${customer.id}`)
  await page.getByRole('switch', { name: 'View as customer' }).click()
  const table = page.getByRole('table')
  await expect(table.getByRole('row')).toHaveCount(Math.min(customer.n, 50) + 1)
  for (const h of hidden) await expect(table.getByRole('columnheader', { name: h.label })).toHaveCount(0)
  // Not just hidden: the data that reached the window has none of those fields.
  expect(views.length).toBeGreaterThan(0)
  for (const body of views) for (const h of hidden) expect(body).not.toContain(`"${h.key}"`)
})
