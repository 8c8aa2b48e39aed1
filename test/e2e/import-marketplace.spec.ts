import { signIn } from './fixtures'
import { ADMIN, expect, test } from './seed-imports'

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
