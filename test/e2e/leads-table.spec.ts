import { LeadsPage } from './pages/leads-page'
import { expect, test } from './seed/seeded-host'

test('the table filters, searches, chooses columns, moves by keyboard and remembers it all', async ({
  page,
  seeded,
}) => {
  const leads = new LeadsPage(page)
  await leads.signInAs(seeded.url, 'Operator')
  await leads.expectTotal(11)

  // Status filter, with the Sold shortcut narrowing it.
  await leads.filterStatus('Unassigned')
  await leads.expectTotal(3)
  const sold = page.getByRole('checkbox', { name: 'Sold only' })
  await page.getByText('Sold', { exact: true }).click()
  await expect(sold).toBeChecked()
  await leads.expectTotal(0)
  await expect(page.getByText('No lead matches these filters.')).toBeVisible()
  await page.getByText('Sold', { exact: true }).click()
  await leads.expectTotal(3)

  // `/` jumps to the search box; search goes through the full-text index.
  await page.locator('body').click({ position: { x: 5, y: 400 } })
  await page.keyboard.press('/')
  await expect(leads.search).toBeFocused()
  await page.keyboard.type('olsen')
  await leads.expectTotal(1)
  await expect(leads.row(seeded.seed.leads.unassigned[2] as number)).toBeVisible()
  await leads.search.fill('')
  await page.getByRole('button', { name: /Clear filters/ }).click()
  await leads.expectTotal(11)

  // Customer filter from the workspace's customers.
  await page.getByRole('combobox', { name: 'Customer' }).click()
  await page.getByRole('option', { name: 'Acme Insurance' }).click()
  await page.keyboard.press('Escape')
  await leads.expectTotal(2)

  // Column chooser: show Source, hide Email.
  await page.getByRole('button', { name: 'Choose columns' }).click()
  await page.getByRole('menuitem', { name: 'Source' }).click()
  await page.getByRole('menuitem', { name: 'Email' }).click()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('columnheader', { name: 'Source' })).toBeVisible()
  await expect(page.getByRole('columnheader', { name: 'Email' })).toHaveCount(0)

  // Sort by name ascending.
  await page.getByRole('button', { name: /^Name/ }).click()
  await expect(leads.rows().first()).toContainText('Maria Lopez')

  // Filters, sort and columns survive a restart of the window.
  await page.reload()
  await leads.expectTotal(2)
  await expect(page.getByRole('columnheader', { name: 'Source' })).toBeVisible()
  await expect(page.getByRole('columnheader', { name: 'Email' })).toHaveCount(0)
  await expect(leads.rows().first()).toContainText('Maria Lopez')

  // Arrows move, Enter opens.
  await page.locator('body').click({ position: { x: 5, y: 400 } })
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('ArrowDown')
  await expect(leads.rows().nth(1)).toHaveAttribute('data-active', 'true')
  await page.keyboard.press(' ')
  await expect(page.getByTestId('selection-count')).toHaveText('· 1 selected')
  await expect(leads.rows().nth(1).getByRole('checkbox')).toBeChecked()
  await page.keyboard.press('Enter')
  await expect(leads.detail).toContainText('Tom Becker')
  // Inside the detail, ↑/↓ step through the page's leads.
  await page.keyboard.press('ArrowUp')
  await expect(leads.detail).toContainText('Maria Lopez')
  await page.keyboard.press('ArrowDown')
  await expect(leads.detail).toContainText('Tom Becker')
})

test('the detail pane shows the lead, its decision trace and its ping/post records', async ({ page, seeded }) => {
  const leads = new LeadsPage(page)
  await leads.signInAs(seeded.url, 'Viewer')
  const { assigned, posted } = seeded.seed.leads

  await leads.open(assigned)
  await expect(page.getByTestId('lead-uuid')).toHaveText('5eed0000-0000-4000-8000-000000000001')
  await expect(leads.detail).toContainText('Acme Insurance')
  await expect(leads.detail).toContainText('$15.00')
  const trace = page.getByTestId('decision-trace')
  await expect(trace).toContainText('Blue Shield Direct: lead type Auto – Other states does not match')
  await expect(trace).toContainText('Assigned to Acme Insurance at $15.00 (highest eligible bid)')
  // No ping/post records: no links.
  await expect(page.getByText('Ping / post records')).toHaveCount(0)
  // A Viewer has no action that changes the lead.
  for (const name of ['Edit', 'Return', 'Reprocess', 'More actions']) {
    await expect(leads.detail.getByRole('button', { name, exact: true })).toHaveCount(0)
  }
  await page.keyboard.press('Escape')

  await leads.open(posted)
  await expect(page.getByText('Ping / post records')).toBeVisible()
  await page.getByRole('button', { name: /Post · LeadCo Exchange · accepted/ }).click()
  await expect(page.getByTestId('pingpost-payload')).toContainText('"first_name": "Kim"')
  await expect(page.getByTestId('pingpost-response')).toContainText('"reference": "LC-77"')
})

test('the search box finds a lead by its full UUID and by the last digits of its phone', async ({ page, seeded }) => {
  const leads = new LeadsPage(page)
  const id = seeded.seed.leads.posted
  const lead = await seeded.one<{ uuid: string; phone: string }>('SELECT uuid, phone FROM leads WHERE id = ?', id)
  // The digits must not also start another lead's number, so the end is what finds it.
  const last4 = lead.phone.slice(-4)
  expect(await seeded.query('SELECT id FROM leads WHERE phone LIKE ?', `%${last4}`)).toEqual([{ id }])
  await leads.signInAs(seeded.url, 'Operator')
  await leads.expectTotal(11)

  // The UUID a customer or the intake API quotes, pasted as it comes (upper case, with spaces).
  await leads.search.fill(` ${lead.uuid.toUpperCase()} `)
  await leads.expectTotal(1)
  await expect(leads.row(id)).toBeVisible()
  await leads.search.fill('5eed0000-0000-4000-8000-999999999999')
  await leads.expectTotal(0)

  // The last four digits of the phone, then more of them with the usual punctuation.
  await leads.search.fill(last4)
  await leads.expectTotal(1)
  await expect(leads.row(id)).toBeVisible()
  await leads.search.fill(`555-${last4}`)
  await leads.expectTotal(1)
  await leads.open(id)
  await expect(leads.detail).toContainText(lead.uuid)
})
