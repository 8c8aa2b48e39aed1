import { LeadsPage } from './pages/leads-page'
import { expect, test } from './seed/seeded-host'

test.use({ seedOptions: { extraLeads: 30 } })

/** The console's main screens in both themes, for the README. */
for (const theme of ['light', 'dark'] as const) {
  test(`screenshots of the console in the ${theme} theme`, async ({ page, seeded }) => {
    const leads = new LeadsPage(page)
    await leads.signInAs(seeded.url, 'Admin')
    if (theme === 'dark') {
      await page.getByRole('button', { name: /Switch to dark theme/ }).click()
      await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark')
    }
    await leads.expectTotal(41)
    await leads.select(seeded.seed.leads.unassigned[0] as number)
    await leads.select(seeded.seed.leads.distributionError)
    await page.mouse.move(0, 0)
    await page.screenshot({ path: `docs/screenshots/leads-table-${theme}.png`, animations: 'disabled' })

    await leads.button('Process').click()
    const dialog = leads.dialog('Process selected leads')
    await expect(dialog.getByTestId('breakdown-total')).toHaveText('2')
    await page.screenshot({ path: `docs/screenshots/leads-bulk-reprocess-${theme}.png`, animations: 'disabled' })
    await dialog.getByRole('button', { name: 'Cancel' }).click()

    await leads.open(seeded.seed.leads.assigned)
    await expect(page.getByTestId('decision-trace')).toContainText('Assigned to Acme Insurance')
    await page.screenshot({ path: `docs/screenshots/leads-detail-${theme}.png`, animations: 'disabled' })
    await page.keyboard.press('Escape')

    await page.getByRole('link', { name: 'Audit' }).click()
    await expect(page.getByTestId('audit-item')).toContainText('Ravi Shah')
    await page.screenshot({ path: `docs/screenshots/audit-queue-${theme}.png`, animations: 'disabled' })

    await page.goto(`${seeded.url}/#/customer-view/${seeded.seed.customers.acme}`)
    await page.getByRole('switch', { name: 'View as customer' }).click()
    await expect(page.getByRole('table')).toContainText('maria.lopez@mail.test')
    await page.screenshot({ path: `docs/screenshots/customer-view-${theme}.png`, animations: 'disabled' })

    await page.getByRole('link', { name: 'Activity' }).click()
    await expect(page.getByRole('row', { name: /workspace\.setup/ })).toBeVisible()
    await page.screenshot({ path: `docs/screenshots/activity-${theme}.png`, animations: 'disabled' })
  })
}
