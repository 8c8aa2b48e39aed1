import { signIn } from './fixtures'
import { LeadsPage } from './pages/leads-page'
import { ReportsPage } from './pages/reports-page'
import { SEED_PASSWORD, SEED_USERS } from './seed/console-seed'
import { expect, test } from './seed/seeded-host'

test('the dashboard counts the seeded workspace, on either database, and a reason opens its leads', async ({
  page,
  seeded,
}) => {
  const reports = new ReportsPage(page)
  const leads = new LeadsPage(page)
  await page.goto(seeded.url)
  await signIn(page, SEED_USERS.Manager, SEED_PASSWORD, { landing: 'first' })
  await expect(reports.heading).toBeVisible()
  await reports.choose('7 days')
  const { from, to } = await reports.period()
  const count = async (where: string) =>
    Number((await seeded.one<{ n: number | string }>(`SELECT count(*) AS n FROM leads WHERE ${where}`, from, to)).n)
  const received = await count('created_at >= ? AND created_at < ?')
  const sold = await count(`status IN ('Assigned', 'Posted') AND created_at >= ? AND created_at < ?`)
  const unassigned = await count(`status = 'Unassigned' AND created_at >= ? AND created_at < ?`)
  await expect(reports.stat('received')).toHaveText(String(received))
  await expect(reports.stat('sold')).toHaveText(String(sold))
  // The seeded Unassigned leads carry no bidding verdicts in their trace: their reason is "Other".
  const other = reports.reason('other')
  await expect(other.getByTestId('reason-count')).toHaveText(String(unassigned))
  await other.click()
  await expect(page.getByTestId('unsold-reason-filter')).toBeVisible()
  await leads.settled()
  await leads.expectTotal(unassigned)
})
