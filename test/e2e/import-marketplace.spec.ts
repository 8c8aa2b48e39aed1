import { signIn } from './fixtures'
import { ADMIN, expect, test, VIEWER } from './seed-imports'

test('the Marketplace screen shows a descending auction at its current price and buys it now for a customer', async ({
  page,
  auctionHost,
}) => {
  await page.goto(auctionHost.url)
  await signIn(page, ADMIN.email, ADMIN.password)
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Marketplace' }).click()
  // Nothing imported yet: the reverse auctions tab says so.
  await expect(page.getByText('Nothing open')).toBeVisible()
  await page.getByRole('tab', { name: 'Descending auctions' }).click()
  const auctions = page.getByRole('table', { name: 'Descending auctions' })
  // Two 15-minute steps of $2.50 from $25.00.
  await expect(auctions.getByRole('row', { name: /Eve Stone/ })).toContainText('$20.00')
  await page.getByRole('combobox', { name: 'Buy for customer' }).click()
  await page.getByRole('option', { name: 'Acme Agency' }).click()
  await auctions
    .getByRole('row', { name: /Eve Stone/ })
    .getByRole('button', { name: 'Buy now' })
    .click()
  await expect(page.getByText('Bought at $20.00')).toBeVisible()
  await expect(page.getByText('Nothing open')).toBeVisible()
  expect(
    auctionHost.query('SELECT status, customer_id, charged_cents FROM leads WHERE email = ?', 'eve@example.com'),
  ).toEqual([{ status: 'Assigned', customer_id: auctionHost.seed.customerId, charged_cents: 2000 }])
})

test('a Viewer sees the marketplace but is offered no import, export or buy-now', async ({ page, exportsHost }) => {
  await page.goto(exportsHost.url)
  await signIn(page, VIEWER.email, VIEWER.password)
  const nav = page.getByRole('navigation', { name: 'Main navigation' })
  await expect(nav.getByRole('link', { name: 'Marketplace' })).toBeVisible()
  await expect(nav.getByRole('link', { name: 'Import' })).toHaveCount(0)
  await expect(page.getByTestId('leads-total')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Export' })).toHaveCount(0)
  // Even the address of the import screen leads nowhere.
  await page.goto(`${exportsHost.url}/#/imports`)
  await expect(page.getByRole('heading', { name: 'Import leads' })).toHaveCount(0)
  await page.goto(`${exportsHost.url}/#/customer-view/${exportsHost.seed.customerId}`)
  await expect(page.getByRole('heading', { name: /Acme Agency/ })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Export' })).toHaveCount(0)
  await nav.getByRole('link', { name: 'Marketplace' }).click()
  await page.getByRole('tab', { name: 'Descending auctions' }).click()
  await expect(page.getByRole('combobox', { name: 'Buy for customer' })).toHaveCount(0)
})
