import { LeadsPage } from './pages/leads-page'
import { expect, test } from './seed/seeded-host'

test("a customer's leads, and the same leads as the customer sees them", async ({ page, seeded }) => {
  const leads = new LeadsPage(page)
  await leads.signInAs(seeded.url, 'Operator')
  await page.goto(`${seeded.url}/#/customer-view/${seeded.seed.customers.acme}`)
  await expect(page.getByRole('heading', { name: 'Acme Insurance — leads' })).toBeVisible()
  // Not a navigation entry: reached from the customer only.
  await expect(page.getByRole('link', { name: 'Customer leads' })).toHaveCount(0)

  // The operator's view: every field, the returned lead included.
  await leads.expectTotal(2)
  await leads.open(seeded.seed.leads.assigned)
  await expect(leads.detail).toContainText('Credit score')
  await expect(leads.detail).toContainText('not delivered')
  await page.keyboard.press('Escape')

  await page.getByRole('switch', { name: 'View as customer' }).click()
  const table = page.getByRole('table')
  await expect(table.getByRole('columnheader', { name: 'Vehicles' })).toBeVisible()
  await expect(table.getByRole('columnheader', { name: 'Email' })).toBeVisible()
  await expect(table.getByRole('columnheader', { name: 'Credit score' })).toHaveCount(0)
  await expect(table).not.toContainText('712')
  await expect(table.getByRole('row')).toHaveCount(3)
  await expect(table).toContainText('maria.lopez@mail.test')
  await expect(table).toContainText('Returned')
})
