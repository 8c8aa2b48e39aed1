import { expect, test } from './fixtures'
import { addCondition, choose, dialog, nav, notified, settingsTab, setupAdmin, typeCard, shot } from './settings-pages'

test('an empty workspace is set up through the UI alone and sells its first lead at the bid price', async ({
  page,
  host,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.url })
  await setupAdmin(page, host.url)

  // A category with a custom field the customer must not receive.
  await nav(page, 'Settings')
  await expect(page.getByText('No lead categories yet')).toBeVisible()
  await page.getByRole('button', { name: 'New category' }).click()
  await dialog(page).getByLabel('Name').fill('Solar')
  await dialog(page).getByRole('button', { name: 'Create category' }).click()
  await notified(page, 'Category Solar created')
  await expect(page.getByTestId('field-zip')).toBeVisible()
  await page.getByRole('button', { name: 'Add field' }).click()
  await dialog(page).getByLabel('Label', { exact: true }).fill('Credit score')
  await expect(dialog(page).getByLabel('Key', { exact: true })).toHaveValue('credit_score')
  await choose(page, dialog(page), 'Type', 'Number')
  await dialog(page).getByLabel('Deliverable to customers').uncheck()
  await dialog(page).getByRole('button', { name: 'Save field' }).click()
  const credit = page.getByTestId('field-credit_score')
  await expect(credit).toContainText('not deliverable')
  await shot(page, 'settings-categories.png', true)

  // A distribution plan: bidding only.
  await settingsTab(page, 'Distribution plans')
  await page.getByLabel('Plan name').fill('Bid first')
  await expect(page.getByRole('group', { name: 'Stage Bidding' })).toBeVisible()
  await page.getByRole('button', { name: 'Create plan' }).click()
  await notified(page, 'Plan created')
  await expect(page.getByRole('link', { name: /Bid first/ }).or(page.getByText('Bid first').first())).toBeVisible()

  // The category uses it by default.
  await settingsTab(page, 'Categories & fields')
  await choose(page, page, 'Default distribution plan', 'Bid first')
  await notified(page, 'Category saved')

  // Two lead types and a fallback.
  await settingsTab(page, 'Lead types')
  await expect(page.getByText('No lead types in this category')).toBeVisible()
  await page.getByRole('button', { name: 'Add lead type', exact: true }).click()
  await typeCard(page, 'new').getByLabel('Type name').fill('California')
  await addCondition(page, typeCard(page, 'California'), 'State', 'equals', 'CA')
  await page.getByRole('button', { name: 'Add lead type', exact: true }).click()
  await typeCard(page, 'new').getByLabel('Type name').fill('Good credit')
  await addCondition(page, typeCard(page, 'Good credit'), 'Credit score', 'is greater than', '700')
  await page.getByRole('button', { name: 'Add fallback type' }).click()
  await expect(typeCard(page, 'Other')).toContainText('Takes every lead of the category that no other type matches')
  await page.getByRole('button', { name: 'Save lead types' }).click()
  await notified(page, 'Lead types saved')
  await expect(typeCard(page, 'California')).toContainText('Priority 1')
  await expect(typeCard(page, 'Good credit')).toContainText('Priority 2')
  await expect(page.getByText('unsaved')).toHaveCount(0)
  await shot(page, 'settings-lead-types.png', true)

  // A source; its key is shown once and copied from the screen.
  await nav(page, 'Sources')
  await page.getByRole('button', { name: 'New source' }).click()
  await dialog(page).getByLabel('Name').fill('Quote form')
  await choose(page, dialog(page), 'Default category', 'Solar')
  await dialog(page).getByRole('button', { name: 'Create source' }).click()
  await expect(dialog(page).getByText('Copy the key now')).toBeVisible()
  await dialog(page).getByRole('button', { name: 'Copy key' }).click()
  await expect(dialog(page).getByRole('button', { name: 'Copied' })).toBeVisible()
  const apiKey = String(await page.evaluate('navigator.clipboard.readText()'))
  expect(apiKey).toMatch(/^ll_/)
  await expect(dialog(page).getByTestId('api-key')).toHaveText(apiKey)
  await expect(dialog(page).getByTestId('curl-example')).toContainText(`X-Api-Key: ${apiKey}`)
  await expect(dialog(page).getByTestId('curl-example')).toContainText(`${host.intakeUrl}/api/v1/leads`)
  await shot(page, 'settings-source-key.png')
  await dialog(page).getByRole('button', { name: 'I have stored the key' }).click()
  await expect(page.getByRole('row', { name: /Quote form/ })).toBeVisible()
  // Once closed, only the first characters remain visible.
  await expect(page.getByText(apiKey)).toHaveCount(0)
  await expect(page.getByText(`${apiKey.slice(0, 7)}…`)).toBeVisible()

  // A funded customer with a bid on California leads.
  await nav(page, 'Customers')
  await page.getByRole('button', { name: 'New customer' }).click()
  await dialog(page).getByLabel('Name').fill('Acme Solar')
  await dialog(page).getByRole('button', { name: 'Create customer' }).click()
  await expect(page.getByRole('heading', { name: 'Acme Solar' })).toBeVisible()
  await expect(page.getByText('Low balance').first()).toBeVisible()
  await page.getByRole('button', { name: 'Deposit' }).click()
  await dialog(page).getByLabel('Amount').fill('100')
  await dialog(page).getByLabel('Note').fill('Opening deposit')
  await dialog(page).getByRole('button', { name: 'Deposit' }).click()
  await expect(page.getByTestId('wallet-balance')).toHaveText('$100.00')
  await page.getByRole('tab', { name: /Bids/ }).click()
  await page.getByRole('button', { name: 'New bid' }).click()
  await choose(page, dialog(page), 'Lead type', 'Solar · California')
  await dialog(page).getByLabel('Price per lead').fill('12.50')
  await dialog(page).getByLabel('Daily cap').fill('10')
  await dialog(page).getByRole('button', { name: 'Save bid' }).click()
  await notified(page, 'Bid saved')
  await expect(page.getByText('Leads: 0 / 10')).toBeVisible()

  // A source posts a California lead with the copied key.
  const response = await page.request.post(`${host.intakeUrl}/api/v1/leads`, {
    headers: { 'X-Api-Key': apiKey },
    data: {
      first_name: 'Carla',
      last_name: 'Cruz',
      email: 'carla.cruz@example.com',
      phone: '(415) 555-0134',
      state: 'CA',
      zip: '94110',
      credit_score: 650,
    },
  })
  expect(response.status()).toBe(201)
  const lead = (await response.json()) as { uuid: string; status: string; price: number }
  expect(lead).toMatchObject({ status: 'Assigned', price: 12.5 })
  // The operator's copy keeps the credit score: only the customer's view leaves it out.
  const token = String(await page.evaluate("localStorage.getItem('leadline.token')"))
  const stored = await page.request.post(`${host.url}/rpc/leads/list`, {
    headers: { authorization: `Bearer ${token}` },
    data: { filter: { search: 'carla' } },
  })
  const { data: listed } = (await stored.json()) as { data: { rows: { id: number }[] } }
  const detail = await page.request.post(`${host.url}/rpc/leads/get`, {
    headers: { authorization: `Bearer ${token}` },
    data: { id: listed.rows[0]?.id },
  })
  expect(((await detail.json()) as { data: { details: Record<string, unknown> } }).data.details).toMatchObject({
    credit_score: 650,
  })

  // The bid counts it and the wallet was charged the bid's price.
  await expect(page.getByText('Leads: 1 / 10')).toBeVisible()
  await page.getByRole('tab', { name: 'Wallet' }).click()
  await expect(page.getByTestId('wallet-balance')).toHaveText('$87.50')
  await expect(page.getByRole('cell', { name: '-$12.50' })).toBeVisible()
  await shot(page, 'settings-customer.png', true)

  // The customer's lead list has it; as the customer sees it, the non-deliverable field is absent.
  await page
    .getByRole('link', { name: 'Leads' })
    .or(page.getByRole('button', { name: 'Leads' }))
    .last()
    .click()
  await expect(page.getByRole('heading', { name: 'Acme Solar — leads' })).toBeVisible()
  await expect(page.getByRole('row').filter({ hasText: 'carla.cruz@example.com' })).toContainText('$12.50')
  await page.getByLabel('View as customer').check()
  const table = page.getByLabel('Leads as the customer sees them')
  await expect(table.getByText('Carla').first()).toBeVisible()
  await expect(table.getByText('94110').first()).toBeVisible()
  await expect(table.getByText('Credit score')).toHaveCount(0)
  await expect(table.getByText('650', { exact: true })).toHaveCount(0)

  // And the operator's leads table shows it Assigned to Acme Solar at $12.50.
  await nav(page, 'Leads')
  const row = page.getByRole('row').filter({ hasText: 'carla.cruz@example.com' })
  await expect(row).toContainText('Assigned')
  await expect(row).toContainText('Acme Solar')
  await expect(row).toContainText('$12.50')
})
