import { signIn } from './fixtures'
import { ADMIN, expect, test, VIEWER } from './seed-imports'

test('the Marketplace screen shows a descending auction at its current price and buys it now for a customer', async ({
  page,
  auctionHost,
}) => {
  const customerId = auctionHost.seed.customerId
  const balance = async () =>
    (await auctionHost.query<{ b: number }>('SELECT balance_cents AS b FROM customers WHERE id = ?', customerId))[0]
      ?.b ?? 0
  const before = await balance()
  const money = (cents: number) => (cents / 100).toLocaleString('en-US', { style: 'currency', currency: 'USD' })
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
  const buyNow = auctions.getByRole('row', { name: /Eve Stone/ }).getByRole('button', { name: 'Buy now' })

  // One click only asks: the price, the wallet now and after. Cancelling spends nothing.
  await buyNow.click()
  const confirm = page.getByRole('dialog', { name: 'Buy this lead now?' })
  await expect(confirm.getByTestId('buy-now-price')).toHaveText('$20.00')
  await expect(confirm.getByTestId('buy-now-balance')).toHaveText(money(before))
  await expect(confirm.getByTestId('buy-now-balance-after')).toHaveText(money(before - 2000))
  await confirm.getByRole('button', { name: 'Cancel' }).click()
  await expect(confirm).toHaveCount(0)
  expect(await auctionHost.query('SELECT status FROM leads WHERE email = ?', 'eve@example.com')).toEqual([
    { status: 'Marketplace' },
  ])
  expect(await balance()).toBe(before)

  // Looked at in both themes.
  for (const theme of ['light', 'dark'] as const) {
    if (theme === 'dark') {
      await page.getByRole('button', { name: /Switch to dark theme/ }).click()
      await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark')
    }
    await buyNow.click()
    await expect(confirm.getByTestId('buy-now-balance-after')).toHaveText(money(before - 2000))
    await page.screenshot({ path: `docs/screenshots/marketplace-buy-now-${theme}.png` })
    if (theme === 'light') {
      await confirm.getByRole('button', { name: 'Cancel' }).click()
      await expect(confirm).toHaveCount(0)
    }
  }

  await confirm.getByRole('button', { name: 'Buy for $20.00' }).click()
  await expect(page.getByText(`Bought at $20.00; wallet now ${money(before - 2000)}`)).toBeVisible()
  await expect(page.getByText('Nothing open')).toBeVisible()
  expect(
    await auctionHost.query('SELECT status, customer_id, charged_cents FROM leads WHERE email = ?', 'eve@example.com'),
  ).toEqual([{ status: 'Assigned', customer_id: customerId, charged_cents: 2000 }])
  expect(await balance()).toBe(before - 2000)
  // The charge names the operator who bought, and the customer's ledger shows it.
  const admin = (
    await auctionHost.query<{ id: number; name: string }>('SELECT id, name FROM users WHERE email = ?', ADMIN.email)
  )[0]
  expect(
    await auctionHost.query(
      `SELECT w.kind, w.amount_cents, w.user_id FROM wallet_transactions w JOIN leads l ON l.id = w.lead_id
       WHERE l.email = ?`,
      'eve@example.com',
    ),
  ).toEqual([{ kind: 'charge', amount_cents: -2000, user_id: admin?.id }])
  await page.goto(`${auctionHost.url}/#/customers/${customerId}`)
  const charge = page.getByRole('row').filter({ hasText: '-$20.00' })
  await expect(charge).toContainText(admin?.name ?? 'missing')
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
