import { docsScreenshot, signIn } from './fixtures'
import { LeadsPage } from './pages/leads-page'
import { ReportsPage } from './pages/reports-page'
import { expect, test } from './seed/demo-host'

/** Reasons the running host cannot change while the test reads them (no timer touches bidding's outcome). */
const STABLE_REASONS = ['wallet_too_low', 'daily_cap', 'no_matching_bid', 'budget_exhausted', 'geo_scope', 'duplicate']

test('the dashboard opens first on the demo workspace, and an unsold reason opens exactly its leads', async ({
  page,
  demoHost,
}) => {
  const reports = new ReportsPage(page)
  const leads = new LeadsPage(page)
  const admin = demoHost.demo.users.find((u) => u.role === 'Admin')
  if (!admin) throw new Error('the demo has no Admin')
  await page.goto(demoHost.url)
  await signIn(page, admin.email, admin.password, { landing: 'first' })
  await expect(reports.heading).toBeVisible()
  await expect(page.getByRole('link', { name: 'Reports' })).toHaveAttribute('data-active', 'true')

  await reports.choose('30 days')
  const { from, to } = await reports.period()
  const received = await demoHost.one<{ n: number }>(
    'SELECT count(*) AS n FROM leads WHERE created_at >= ? AND created_at < ?',
    from,
    to,
  )
  await expect(reports.stat('received')).toHaveText(received.n.toLocaleString('en-US'))

  const reason = (
    await demoHost.query<{ reason: string }>(
      `SELECT CASE status WHEN 'Duplicate' THEN 'duplicate' ELSE unsold_reason END AS reason, count(*) AS n
         FROM leads WHERE status IN ('Unassigned', 'Duplicate') AND created_at >= ? AND created_at < ?
         GROUP BY 1 ORDER BY 2 DESC`,
      from,
      to,
    )
  ).find((r) => STABLE_REASONS.includes(r.reason))?.reason
  if (!reason) throw new Error('the demo has no stable unsold reason')
  const row = reports.reason(reason)
  const count = Number((await row.getByTestId('reason-count').innerText()).replace(/\D/g, ''))
  expect(count).toBeGreaterThan(0)
  await page.screenshot({ path: docsScreenshot('reports-light.png'), fullPage: true, animations: 'disabled' })

  await row.click()
  await expect(page.getByRole('heading', { name: 'Leads', exact: true })).toBeVisible()
  await expect(page.getByTestId('unsold-reason-filter')).toBeVisible()
  await leads.settled()
  await leads.expectTotal(count)

  // Dark theme, for the docs.
  await page.getByRole('link', { name: 'Reports' }).click()
  await page.getByRole('button', { name: /Switch to dark theme/ }).click()
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark')
  await reports.settled()
  await page.mouse.move(0, 0)
  await page.screenshot({ path: docsScreenshot('reports-dark.png'), fullPage: true, animations: 'disabled' })
})

test('users without reports.view do not see the dashboard and land on the leads', async ({ page, demoHost }) => {
  const operator = demoHost.demo.users.find((u) => u.role === 'Operator')
  if (!operator) throw new Error('the demo has no Operator')
  await page.goto(demoHost.url)
  await signIn(page, operator.email, operator.password, { landing: 'first' })
  await expect(page.getByRole('heading', { name: 'Leads', exact: true })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Reports' })).toHaveCount(0)
})
