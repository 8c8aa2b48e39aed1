import { LeadDetailPane, LeadsPage } from './pages/leads-page'
import { rpc } from './rpc'
import { expect, test } from './seed/seeded-host'

test('return on behalf of the customer credits its wallet and keeps the lead with it', async ({ page, seeded }) => {
  const leads = new LeadsPage(page)
  await leads.signInAs(seeded.url, 'Operator')
  const { assigned } = seeded.seed.leads
  const acme = seeded.seed.customers.acme
  const balance = async () =>
    (await seeded.one<{ b: number }>('SELECT balance_cents AS b FROM customers WHERE id = ?', acme)).b
  const before = await balance()

  await leads.open(assigned)
  const detail = new LeadDetailPane(page, leads.detail)
  await detail.action('Return').click()
  const dialog = leads.dialog('Return lead')
  await dialog.getByRole('button', { name: /Return and credit/ }).click()
  await expect(dialog.getByText('Pick a reason')).toBeVisible()
  await dialog.getByRole('combobox', { name: 'Reason' }).click()
  await page.getByRole('option', { name: 'Other' }).click()
  await dialog.getByRole('button', { name: /Return and credit/ }).click()
  await expect(dialog.getByText('Say why the customer returned it')).toBeVisible()
  await dialog.getByRole('textbox', { name: 'Note' }).fill('Customer says the person moved abroad')
  await dialog.getByRole('button', { name: 'Return and credit $15.00' }).click()
  await expect(leads.notification('Lead returned; $15.00 credited to Acme Insurance')).toBeVisible()
  await detail.expectStatus('Returned')
  await expect(leads.detail).toContainText('Customer says the person moved abroad')
  await expect(detail.action('Return')).toHaveCount(0)

  expect(await seeded.one('SELECT status, customer_id AS c FROM leads WHERE id = ?', assigned)).toEqual({
    status: 'Returned',
    c: acme,
  })
  expect(await balance()).toBe(before + 1500)
  expect(
    await seeded.query(
      'SELECT kind, amount_cents AS a FROM wallet_transactions WHERE lead_id = ? ORDER BY id',
      assigned,
    ),
  ).toEqual([
    { kind: 'charge', a: -1500 },
    { kind: 'credit', a: 1500 },
  ])
  expect((await seeded.one<{ n: number }>(`SELECT count(*) AS n FROM audit_log WHERE action = 'lead.return'`)).n).toBe(
    1,
  )
})

test('edit saves, reclassifies, says what changed and offers to reprocess from a stage', async ({ page, seeded }) => {
  const leads = new LeadsPage(page)
  await leads.signInAs(seeded.url, 'Admin')
  const id = seeded.seed.leads.unassigned[0] as number
  await leads.open(id)
  const detail = new LeadDetailPane(page, leads.detail)

  // Reclassify first: nothing to change yet.
  await detail.moreAction('Reclassify')
  await expect(leads.notification('Already correctly classified — no change')).toBeVisible()

  await detail.action('Edit').click()
  const form = page.getByRole('form', { name: 'Edit lead' })
  await form.getByRole('textbox', { name: 'Email' }).fill('not-an-email')
  await form.getByRole('button', { name: 'Save' }).click()
  await expect(form.getByText('Enter a valid email address')).toBeVisible()
  await form.getByRole('textbox', { name: 'Email' }).fill('omar.h@mail.test')
  await form.getByRole('textbox', { name: 'State' }).fill('TX')
  await form.getByRole('textbox', { name: 'ZIP' }).fill('73301')
  await form.getByRole('textbox', { name: 'Add a detail' }).fill('garage')
  await form.getByRole('button', { name: 'Add' }).click()
  await form.getByRole('textbox', { name: 'garage' }).fill('yes')
  await form.getByRole('button', { name: 'Save' }).click()
  await expect(leads.notification('Lead type changed: Auto – CA → Auto – Other states')).toBeVisible()
  await expect(leads.notification(/Saved: email, state, zip, garage/)).toBeVisible()

  const reprocess = leads.dialog('Saved. Reprocess the lead now?')
  await expect(reprocess.getByRole('radio', { name: '1. Bidding' })).toBeVisible()
  await expect(reprocess.getByRole('radio', { name: '2. Marketplace' })).toBeVisible()
  await reprocess.getByRole('radio', { name: '1. Bidding' }).check()
  await reprocess.getByRole('button', { name: 'Reprocess' }).click()
  await expect(leads.notification('Reprocessed: now Assigned')).toBeVisible()
  await detail.expectStatus('Assigned')
  await expect(leads.detail).toContainText('Blue Shield Direct')

  expect(
    await seeded.one('SELECT status, state, email, lead_type_id AS t, customer_id AS c FROM leads WHERE id = ?', id),
  ).toEqual({
    status: 'Assigned',
    state: 'TX',
    email: 'omar.h@mail.test',
    t: seeded.seed.leadTypes.other,
    c: seeded.seed.customers.blue,
  })
  expect(await seeded.query('SELECT kind, amount_cents AS a FROM wallet_transactions WHERE lead_id = ?', id)).toEqual([
    { kind: 'charge', a: -1200 },
  ])
  // Sold now: no more editing.
  await expect(detail.action('Edit')).toHaveAttribute('aria-disabled', 'true')
})

test('delete asks with the count and the activity log keeps who deleted what', async ({ page, seeded }) => {
  const leads = new LeadsPage(page)
  await leads.signInAs(seeded.url, 'Admin')
  const [a, b] = seeded.seed.leads.unassigned as [number, number]
  await leads.select(a)
  await leads.select(b)
  await expect(page.getByTestId('selection-count')).toHaveText('· 2 selected')
  await leads.button('Delete').click()
  const dialog = leads.dialog('Delete 2 leads?')
  await expect(dialog).toContainText('These 2 leads are removed')
  await dialog.getByRole('button', { name: 'Delete 2 leads' }).click()
  await expect(leads.notification('Deleted 2 leads')).toBeVisible()
  await leads.expectTotal(9)
  expect(await seeded.query('SELECT id FROM leads WHERE id IN (?, ?)', a, b)).toEqual([])

  await page.getByRole('link', { name: 'Activity' }).click()
  const row = page.getByRole('row', { name: /leads\.delete/ })
  await expect(row).toContainText('Admin Ada')
  await expect(row).toContainText('Deleted 2 leads')
  await row.click()
  await expect(page.getByText('"email": "omar.haddad@mail.test"')).toBeVisible()
})

test('a Viewer only looks; a Manager cannot bulk-reprocess', async ({ page, seeded }) => {
  const leads = new LeadsPage(page)
  await leads.signInAs(seeded.url, 'Viewer')
  const id = seeded.seed.leads.unassigned[0] as number
  await leads.select(id)
  for (const name of ['Process', 'Delete']) await expect(leads.button(name)).toHaveAttribute('aria-disabled', 'true')
  await leads.button('Process').hover()
  await expect(page.getByRole('tooltip')).toHaveText('Your role cannot reprocess leads')
  await leads.button('Process').click({ force: true })
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await leads.open(id)
  for (const name of ['Edit', 'Return', 'Reprocess', 'More actions']) {
    await expect(leads.detail.getByRole('button', { name, exact: true })).toHaveCount(0)
  }
  await expect(page.getByRole('link', { name: 'Activity' })).toHaveCount(0)
  await page.keyboard.press('Escape')
  await expect(leads.detail).toHaveCount(0)

  await page.getByRole('button', { name: 'Account' }).click()
  await page.getByRole('menuitem', { name: 'Sign out' }).click()
  await leads.signInAs(seeded.url, 'Manager')
  await leads.select(id)
  await expect(leads.button('Process')).toHaveAttribute('aria-disabled', 'true')
  await expect(leads.button('Delete')).toHaveAttribute('aria-disabled', 'false')
  await leads.open(id)
  await expect(leads.detail.getByRole('button', { name: 'Reprocess', exact: true })).toHaveCount(0)
  await expect(leads.detail.getByRole('button', { name: 'Edit', exact: true })).toBeVisible()
  // The window cannot get around it: the main process refuses the call itself.
  const refused = await page.evaluate(async (leadId) => {
    // Runs in the page; the test's own types are Node's, which have no localStorage.
    const storage = (globalThis as { localStorage?: { getItem(key: string): string | null } }).localStorage
    const token = storage?.getItem('leadline.token') ?? ''
    const response = await fetch('/rpc/leads/reprocess', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ selection: { ids: [leadId] }, from: 'bidding' }),
    })
    return (await response.json()) as { ok: boolean; error?: { code: string } }
  }, id)
  expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  expect(await seeded.one('SELECT status FROM leads WHERE id = ?', id)).toEqual({ status: 'Unassigned' })
})

test.describe('a return frees the bid cap', () => {
  test.use({ seedOptions: { acmeDailyCap: 1 } })

  test("Acme's daily cap of 1 is full until its lead is returned", async ({ page, seeded }) => {
    const leads = new LeadsPage(page)
    await leads.signInAs(seeded.url, 'Admin')
    const [julia, sven] = seeded.seed.leads.unassigned.slice(1) as [number, number]
    const acme = seeded.seed.customers.acme
    const reprocess = async (id: number, expected: string) => {
      await leads.open(id)
      await leads.detail.getByRole('button', { name: 'Reprocess', exact: true }).click()
      const dialog = leads.dialog('Reprocess lead')
      await dialog.getByRole('radio', { name: '1. Bidding' }).check()
      await dialog.getByRole('button', { name: 'Reprocess' }).click()
      await expect(leads.notification(`Reprocessed: now ${expected}`)).toBeVisible()
      await page.keyboard.press('Escape')
      await expect(leads.detail).toHaveCount(0)
    }

    // The cap is taken by the lead already sold today: the next one goes on to the marketplace.
    await reprocess(sven, 'Marketplace')
    const trace = (
      await seeded.query<{ message: string }>('SELECT message FROM lead_events WHERE lead_id = ? ORDER BY id', sven)
    )
      .map((e) => e.message)
      .join(' | ')
    expect(trace).toMatch(/cap/i)

    await leads.open(seeded.seed.leads.assigned)
    await leads.detail.getByRole('button', { name: 'Return', exact: true }).click()
    const dialog = leads.dialog('Return lead')
    await dialog.getByRole('combobox', { name: 'Reason' }).click()
    await page.getByRole('option', { name: 'Wrong phone number' }).click()
    await dialog.getByRole('button', { name: 'Return and credit $15.00' }).click()
    await expect(leads.notification(/Lead returned/)).toBeVisible()
    await page.keyboard.press('Escape')
    expect(
      await seeded.one(
        'SELECT kind FROM lead_events WHERE lead_id = ? ORDER BY id DESC LIMIT 1',
        seeded.seed.leads.assigned,
      ),
    ).toEqual({ kind: 'returned' })

    // The returned lead no longer counts: the cap has room again.
    await reprocess(julia, 'Assigned')
    expect(await seeded.one('SELECT customer_id AS c, charged_cents AS p FROM leads WHERE id = ?', julia)).toEqual({
      c: acme,
      p: 1500,
    })
  })
})

test('an edit of a lead a colleague changed meanwhile is refused with who and when; reload shows theirs', async ({
  page,
  browser,
  seeded,
}) => {
  const leads = new LeadsPage(page)
  await leads.signInAs(seeded.url, 'Admin')
  const id = seeded.seed.leads.unassigned[1] as number
  await leads.open(id)
  const detail = new LeadDetailPane(page, leads.detail)
  await detail.action('Edit').click()
  const form = page.getByRole('form', { name: 'Edit lead' })
  await form.getByRole('textbox', { name: 'City' }).fill('Springfield')

  // Meanwhile a colleague, signed in elsewhere, changes the same lead.
  const colleague = await browser.newContext()
  try {
    const other = new LeadsPage(await colleague.newPage())
    await other.signInAs(seeded.url, 'Operator')
    await rpc(other.page, seeded.url, 'leads/edit', { id, contact: { city: 'Shelbyville' } })
  } finally {
    await colleague.close()
  }

  await form.getByRole('button', { name: 'Save' }).click()
  const conflict = form.getByTestId('edit-conflict')
  await expect(conflict).toContainText('Changed since you opened it')
  await expect(conflict).toContainText(/changed this lead at .*Your changes were not saved/)
  expect(await seeded.one('SELECT city FROM leads WHERE id = ?', id)).toEqual({ city: 'Shelbyville' })

  await conflict.getByRole('button', { name: 'Reload the lead' }).click()
  await expect(form.getByRole('textbox', { name: 'City' })).toHaveValue('Shelbyville')
  await form.getByRole('textbox', { name: 'City' }).fill('Springfield')
  await form.getByRole('button', { name: 'Save' }).click()
  await expect(leads.notification(/Saved: city/)).toBeVisible()
  expect(await seeded.one('SELECT city FROM leads WHERE id = ?', id)).toEqual({ city: 'Springfield' })
})
