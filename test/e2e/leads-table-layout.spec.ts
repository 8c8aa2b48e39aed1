import type { Page } from '@playwright/test'
import { LeadsPage } from './pages/leads-page'
import { expect, test } from './seed/seeded-host'

// 41 leads: two pages at 25 a page.
test.use({ seedOptions: { extraLeads: 30 } })

/** A column's header cell (sortable ones are buttons, so not found by the columnheader role). */
const header = (page: Page, title: string) => page.locator('thead th').filter({ hasText: new RegExp(`^${title}$`) })

async function pageSize(page: Page, from: number, size: number): Promise<void> {
  await page.getByRole('button', { name: String(from), exact: true }).click()
  await page.getByRole('menuitem', { name: String(size), exact: true }).click()
}

test('Charged and Created stay in view at 1440 px, with the widest status on the page', async ({ page, seeded }) => {
  expect(page.viewportSize()?.width).toBe(1440)
  const leads = new LeadsPage(page)
  await leads.signInAs(seeded.url, 'Admin')
  await leads.expectTotal(41)
  await leads.filterStatus('Distribution Error', 'Assigned')
  await expect(leads.row(seeded.seed.leads.distributionError)).toBeVisible()

  for (const name of ['Status', 'Name', 'Email', 'Charged', 'Created']) {
    // In view means not cut off by the window nor by the table's own horizontal scroll.
    await expect(header(page, name)).toBeInViewport({ ratio: 1 })
  }
  const charged = leads.row(seeded.seed.leads.assigned).locator('td').nth(7)
  await expect(charged).toHaveText('$15.00')
  await expect(charged).toBeInViewport({ ratio: 1 })
  await expect(leads.row(seeded.seed.leads.assigned).locator('td').nth(8)).toBeInViewport({ ratio: 1 })
})

test('a page turned from the bottom of the table shows the next page from its top', async ({ page, seeded }) => {
  const leads = new LeadsPage(page)
  await leads.signInAs(seeded.url, 'Viewer')
  await pageSize(page, 50, 25)
  await expect(leads.rows()).toHaveCount(25)
  const firstOfPageOne = await leads.rows().first().getAttribute('data-testid')

  const next = page.getByRole('button', { name: 'Next page' })
  await next.scrollIntoViewIfNeeded()
  const status = header(page, 'Status')
  await expect(status).not.toBeInViewport()
  await next.click()

  await expect(leads.rows()).toHaveCount(16)
  await expect(leads.rows().first()).not.toHaveAttribute('data-testid', firstOfPageOne ?? '')
  await expect(status).toBeInViewport()
  await expect(leads.rows().first()).toBeInViewport()
  // The header bar stays clear of the table.
  const top = await status.evaluate((el) => el.getBoundingClientRect().top)
  expect(top).toBeGreaterThanOrEqual(56)
  await expect(page.getByRole('button', { name: '2', exact: true })).toHaveAttribute('aria-current', 'page')
})

test('a list that fails to load says why, and shows no count beside it', async ({ page, seeded }) => {
  const leads = new LeadsPage(page)
  await leads.signInAs(seeded.url, 'Viewer')
  await leads.expectTotal(41)

  // The main process answers the next page of leads with an error.
  await page.route('**/rpc/leads/list', (route) =>
    route.fulfill({
      contentType: 'application/json',
      body: JSON.stringify({ ok: false, error: { code: 'INTERNAL', message: 'The workspace file is locked' } }),
    }),
  )
  await leads.filterStatus('Unassigned')
  await expect(page.getByText('Leads could not be loaded')).toBeVisible()
  await expect(page.getByText('The workspace file is locked')).toBeVisible()
  await expect(leads.total).toHaveCount(0)
  await expect(page.getByText(/^0 leads$/)).toHaveCount(0)
  await expect(leads.rows()).toHaveCount(0)

  // Once the main process answers again, the list comes back with its count.
  await page.unroute('**/rpc/leads/list')
  await page.getByRole('button', { name: /Clear filters/ }).click()
  await expect(page.getByText('Leads could not be loaded')).toHaveCount(0)
  await leads.expectTotal(41)
  await expect(leads.rows()).toHaveCount(41)
})
