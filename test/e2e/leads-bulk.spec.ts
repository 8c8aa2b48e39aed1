import { LeadsPage } from './pages/leads-page'
import { docsScreenshot } from './fixtures'
import { expect, test } from './seed/seeded-host'

// 30 more leads, so "all matching" is more than one page.
test.use({ seedOptions: { extraLeads: 30 } })

test('bulk Process: breakdown of "all matching but one", stage, confirm, progress, summary', async ({
  page,
  seeded,
}) => {
  const leads = new LeadsPage(page)
  await leads.signInAs(seeded.url, 'Admin')
  await leads.filterStatus('Unassigned', 'Duplicate', 'Audit')
  await leads.expectTotal(36)
  await page.getByRole('button', { name: '50', exact: true }).click()
  await page.getByRole('menuitem', { name: '25', exact: true }).click()
  await expect(leads.rows()).toHaveCount(25)

  await page.getByRole('checkbox', { name: 'Select all leads on this page' }).check()
  await expect(page.getByTestId('selection-count')).toHaveText('· 25 selected')
  await page.getByRole('button', { name: 'Select all 36 matching' }).click()
  await expect(page.getByTestId('selection-count')).toHaveText('· 36 selected')
  const excluded = seeded.seed.leads.unassigned[0] as number
  await leads.row(excluded).getByRole('checkbox').uncheck()
  await expect(page.getByTestId('selection-count')).toHaveText('· 35 selected')

  await leads.button('Process').click()
  const dialog = leads.dialog('Process selected leads')
  // 3 + 15 Unassigned less the excluded one; 1 + 15 Duplicates; 2 in Audit.
  await expect(dialog.getByTestId('breakdown-total')).toHaveText('35')
  await expect(dialog.getByTestId('breakdown-eligible')).toHaveText('17')
  await expect(dialog.getByTestId('breakdown-Unassigned')).toContainText('17')
  await expect(dialog.getByTestId('breakdown-Unassigned')).toContainText('Eligible')
  await expect(dialog.getByTestId('breakdown-Duplicate')).toContainText('16')
  await expect(dialog.getByTestId('breakdown-Duplicate')).toContainText('duplicate of an earlier lead')
  await expect(dialog.getByTestId('breakdown-Audit')).toContainText('2')
  await dialog.getByRole('button', { name: 'Next' }).click()

  for (const stage of ['Bidding', 'Trigger Ping/Post', 'Marketplace', 'Trigger Post Marketplace Direct Post']) {
    await expect(dialog.getByRole('radio', { name: stage, exact: true })).toBeVisible()
  }
  await dialog.getByRole('radio', { name: 'Bidding' }).check()
  await dialog.getByRole('button', { name: 'Next' }).click()
  await expect(dialog).toContainText('Process 17 leads starting at Bidding?')
  await expect(dialog).toContainText('18 not eligible will be left as they are.')
  await dialog.getByRole('button', { name: 'Process 17 leads' }).click()
  const summary = dialog.getByTestId('reprocess-summary')
  await expect(summary).toContainText('17 processed, 18 skipped (not eligible)')

  // In the workspace: every eligible lead left Unassigned for a placement; the rest did not move.
  const acme = seeded.seed.customers.acme
  const byStatus = await seeded.query<{ status: string; n: number }>(
    `SELECT status, count(*) AS n FROM leads WHERE id != ? AND (first_name LIKE 'Extra%' OR id IN (${seeded.seed.leads.unassigned.join(',')})) GROUP BY status ORDER BY status`,
    excluded,
  )
  const assigned = byStatus.find((s) => s.status === 'Assigned')?.n ?? 0
  expect(byStatus.filter((s) => s.status !== 'Duplicate').reduce((sum, s) => sum + s.n, 0)).toBe(17)
  expect(byStatus.find((s) => s.status === 'Unassigned')).toBeUndefined()
  expect(byStatus.find((s) => s.status === 'Duplicate')?.n).toBe(15)
  expect(assigned).toBeGreaterThan(0)
  for (const s of byStatus.filter((x) => x.status !== 'Duplicate')) {
    await expect(summary.getByRole('row').filter({ hasText: s.status })).toContainText(String(s.n))
  }
  // Every assignment charged Acme's wallet once, at the bid's price.
  const charges = await seeded.query<{ a: number }>(
    `SELECT amount_cents AS a FROM wallet_transactions WHERE customer_id = ? AND kind = 'charge' AND lead_id NOT IN (?, ?)`,
    acme,
    seeded.seed.leads.assigned,
    seeded.seed.leads.returned,
  )
  expect(charges).toHaveLength(assigned)
  expect(charges.every((c) => c.a === -1500)).toBe(true)
  expect(await seeded.one('SELECT status FROM leads WHERE id = ?', excluded)).toEqual({ status: 'Unassigned' })
  expect(await seeded.query('SELECT status FROM leads WHERE id IN (?, ?)', ...seeded.seed.leads.audit)).toEqual([
    { status: 'Audit' },
    { status: 'Audit' },
  ])

  await dialog.getByRole('button', { name: 'Done' }).click()
  await expect(page.getByTestId('selection-count')).toHaveCount(0)
})

test('bulk Process from Bidding classifies an Uncategorized lead again; a later start refuses it', async ({
  page,
  seeded,
}) => {
  const leads = new LeadsPage(page)
  const { uncategorized, distributionError } = seeded.seed.leads
  const typeOf = () =>
    seeded.one<{ status: string; category_id: number | null; lead_type_id: number | null }>(
      'SELECT status, category_id, lead_type_id FROM leads WHERE id = ?',
      uncategorized,
    )
  expect(await typeOf()).toEqual({ status: 'Uncategorized', category_id: null, lead_type_id: null })
  await leads.signInAs(seeded.url, 'Admin')
  await leads.filterStatus('Uncategorized', 'Distribution Error')
  await leads.expectTotal(2)
  await leads.select(uncategorized)
  await leads.select(distributionError)

  // From Marketplace: the lead with no lead type is refused, said before and after the run.
  await leads.button('Process').click()
  const dialog = leads.dialog('Process selected leads')
  await expect(dialog.getByTestId('breakdown-eligible')).toHaveText('2')
  await expect(dialog.getByTestId('breakdown-without-type')).toContainText('1 of them has no lead type')
  await dialog.getByRole('button', { name: 'Next' }).click()
  await dialog.getByRole('radio', { name: 'Marketplace', exact: true }).check()
  await expect(dialog.getByTestId('refused-without-type')).toContainText('1 lead without a lead type will be refused')
  await page.screenshot({ path: docsScreenshot('leads-bulk-start-stage-light.png'), animations: 'disabled' })
  await dialog.getByRole('button', { name: 'Next' }).click()
  await expect(dialog).toContainText('Process 1 lead starting at Marketplace?')
  await dialog.getByRole('button', { name: 'Process 1 lead', exact: true }).click()
  await expect(dialog.getByTestId('reprocess-refused')).toHaveText('1 refused: no lead type')
  await expect(dialog.getByTestId('reprocess-summary')).toContainText('1 processed')
  expect(await typeOf()).toEqual({ status: 'Uncategorized', category_id: null, lead_type_id: null })
  expect(await seeded.one('SELECT status FROM leads WHERE id = ?', distributionError)).toEqual({
    status: 'Marketplace',
  })
  await dialog.getByRole('button', { name: 'Done' }).click()

  // From Bidding: the whole process, as for a new lead — it gets its category and lead type back.
  await leads.expectTotal(1)
  await leads.select(uncategorized)
  await leads.button('Process').click()
  await dialog.getByRole('button', { name: 'Next' }).click()
  await dialog.getByRole('radio', { name: 'Bidding' }).check()
  await expect(dialog.getByTestId('refused-without-type')).toHaveCount(0)
  await dialog.getByRole('button', { name: 'Next' }).click()
  await dialog.getByRole('button', { name: 'Process 1 lead', exact: true }).click()
  await expect(dialog.getByTestId('reprocess-summary')).toContainText('1 processed')
  const after = await typeOf()
  expect(after).toEqual({
    status: 'Assigned',
    category_id: seeded.seed.categoryId,
    lead_type_id: seeded.seed.leadTypes.ca,
  })
  const stages = [
    ...new Set(
      (
        await seeded.query<{ stage: string }>(
          'SELECT stage FROM lead_events WHERE lead_id = ? ORDER BY id',
          uncategorized,
        )
      ).map((e) => e.stage),
    ),
  ]
  expect(stages).toEqual(expect.arrayContaining(['classify', 'duplicate', 'audit', 'threshold', 'bidding']))
})
