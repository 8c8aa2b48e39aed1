import { LeadsPage } from './pages/leads-page'
import { expect, test } from './seed/seeded-host'

test('the audit queue is worked by keyboard: → moves, A approves, R rejects with a reason', async ({
  page,
  seeded,
}) => {
  const leads = new LeadsPage(page)
  await leads.signInAs(seeded.url, 'Operator')
  const [first, second] = seeded.seed.leads.audit as [number, number]
  await page.getByRole('link', { name: 'Audit' }).click()
  const item = page.getByTestId('audit-item')
  await expect(item).toContainText('Ravi Shah')
  await expect(page.getByTestId('audit-reason')).toContainText('Audit: vehicles greater than 5 is false; sampled 10%')
  await expect(page.getByTestId('audit-position')).toHaveText('1 of 2')

  await page.keyboard.press('ArrowRight')
  await expect(item).toContainText('Lena Fischer')
  await expect(page.getByTestId('audit-reason')).toContainText('leads from Web form are always reviewed')
  await page.keyboard.press('ArrowLeft')
  await expect(item).toContainText('Ravi Shah')

  // A: approved, distribution continues (Acme's bid takes it).
  await page.keyboard.press('a')
  await expect(leads.notification('Approved: the lead is now Assigned')).toBeVisible()
  await expect(item).toContainText('Lena Fischer')
  await expect(page.getByTestId('audit-position')).toHaveText('1 of 1')
  expect(await seeded.one('SELECT status, customer_id AS c FROM leads WHERE id = ?', first)).toEqual({
    status: 'Assigned',
    c: seeded.seed.customers.acme,
  })

  // R: asks why, then rejects.
  await page.keyboard.press('r')
  const dialog = leads.dialog('Reject lead')
  await expect(dialog.getByRole('textbox', { name: 'Why is it rejected?' })).toBeFocused()
  await page.keyboard.type('Name and phone do not match')
  await page.keyboard.press('Enter')
  await expect(leads.notification('Rejected: the lead is now Unassigned')).toBeVisible()
  await expect(page.getByText('Nothing to review')).toBeVisible()
  expect(await seeded.one('SELECT status FROM leads WHERE id = ?', second)).toEqual({ status: 'Unassigned' })
  const why = await seeded.one<{ message: string }>(
    'SELECT message FROM lead_events WHERE lead_id = ? ORDER BY id DESC LIMIT 1',
    second,
  )
  expect(why.message).toContain('Name and phone do not match')
})

test('a Viewer sees the queue but cannot decide', async ({ page, seeded }) => {
  const leads = new LeadsPage(page)
  await leads.signInAs(seeded.url, 'Viewer')
  await page.getByRole('link', { name: 'Audit' }).click()
  await expect(page.getByTestId('audit-item')).toContainText('Ravi Shah')
  await expect(page.getByText('Your role can review but not decide.')).toBeVisible()
  await page.keyboard.press('a')
  await expect(page.getByTestId('audit-position')).toHaveText('1 of 2')
  expect(await seeded.one('SELECT status FROM leads WHERE id = ?', seeded.seed.leads.audit[0])).toEqual({
    status: 'Audit',
  })
})
