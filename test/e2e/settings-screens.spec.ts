import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { docsScreenshot, expect, signIn, test } from './fixtures'
import { rpc } from './rpc'
import { addCondition, choose, dialog, nav, notified, settingsTab, setupAdmin, typeCard, shot } from './settings-pages'

let partner: Server | null = null
test.afterEach(async () => {
  if (partner) await new Promise((r) => partner?.close(r))
  partner = null
})

test('settings screens: dry-run, field impact, test ping, plans, rules, threshold, roles and intake', async ({
  page,
  host,
}) => {
  await setupAdmin(page, host.url)
  const category = await rpc<{ id: number; fields: { id: number; key: string }[] }>(
    page,
    host.url,
    'categories/create',
    {
      name: 'Solar',
    },
  )
  await rpc(page, host.url, 'categories/saveField', {
    categoryId: category.id,
    field: { key: 'credit_score', label: 'Credit score', type: 'number' },
  })
  await rpc(page, host.url, 'leadTypes/create', {
    categoryId: category.id,
    name: 'California',
    conditions: { match: 'all', conditions: [{ field: 'state', op: 'equals', value: 'CA' }] },
  })
  await rpc(page, host.url, 'leadTypes/create', { categoryId: category.id, name: 'Other', isFallback: true })
  const { apiKey } = await rpc<{ apiKey: string }>(page, host.url, 'sources/create', {
    name: 'Quote form',
    defaultCategoryId: category.id,
  })
  const leads = [
    { first_name: 'Ann', state: 'CA', credit_score: 720 },
    { first_name: 'Bea', state: 'CA', credit_score: 600 },
    { first_name: 'Cal', state: 'NV', credit_score: 750 },
    { first_name: 'Dee', state: 'NV', credit_score: 500 },
    { first_name: 'Eve', state: 'NV' },
  ]
  for (const [i, lead] of leads.entries()) {
    const res = await page.request.post(`${host.intakeUrl}/api/v1/leads`, {
      headers: { 'X-Api-Key': apiKey },
      data: { ...lead, last_name: 'Test', email: `lead${i}@example.com`, phone: `(415) 555-01${10 + i}` },
    })
    expect(res.status()).toBe(201)
  }

  // Lead types: a new first type, tried on the stored leads before saving.
  await nav(page, 'Settings')
  await settingsTab(page, 'Lead types')
  await page.getByRole('button', { name: 'Add lead type', exact: true }).click()
  await typeCard(page, 'new').getByLabel('Type name').fill('Good credit')
  await addCondition(page, typeCard(page, 'Good credit'), 'Credit score', 'is greater than', '700')
  await page.getByRole('button', { name: 'Move Good credit up' }).click()
  await expect(typeCard(page, 'Good credit')).toContainText('Priority 1')
  await page.getByRole('button', { name: 'Dry run' }).click()
  const result = page.getByTestId('dry-run-result')
  await expect(result).toContainText('Dry run over the 5 most recent leads: 2 would change lead type')
  await expect(result.getByRole('row').filter({ hasText: 'California' })).toContainText('Ann')
  await expect(result.getByRole('row').filter({ hasText: 'Other' })).toContainText('Cal')
  await shot(page, 'settings-dry-run.png', true)
  await page.getByRole('button', { name: 'Save lead types' }).click()
  await notified(page, 'Lead types saved')

  // Making a field required says how many stored leads it would make invalid.
  await settingsTab(page, 'Categories & fields')
  await page.getByRole('button', { name: 'Edit Credit score' }).click()
  await dialog(page).getByLabel('Required', { exact: true }).check()
  await dialog(page).getByRole('button', { name: 'Save field' }).click()
  await expect(dialog(page)).toContainText('1 of 5 stored leads would be invalid')
  await shot(page, 'settings-field-impact.png')
  await dialog(page).getByRole('button', { name: 'Save anyway' }).click()
  await expect(page.getByTestId('field-credit_score')).toContainText('required')

  // Fields reorder by dragging; the order is saved at once.
  await page.getByTestId('field-credit_score').dragTo(page.getByTestId('field-first_name'))
  await expect(page.getByTestId('sortable-item').first()).toContainText('Credit score')
  await expect
    .poll(
      async () =>
        (await rpc<{ fields: { key: string }[] }>(page, host.url, 'categories/get', { id: category.id })).fields[0]
          ?.key,
    )
    .toBe('credit_score')

  // Partners: a test ping shows the raw exchange and the parsed bid.
  const received: string[] = []
  partner = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      received.push(body)
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"accepted":true,"price":7.5,"id":"bid-42"}')
    })
  })
  await new Promise<void>((r) => partner?.listen(0, '127.0.0.1', r))
  const partnerUrl = `http://127.0.0.1:${(partner.address() as AddressInfo).port}`
  await settingsTab(page, 'Partners')
  await expect(page.getByText('No partners yet')).toBeVisible()
  await page.getByRole('button', { name: 'New partner' }).click()
  await dialog(page).getByRole('textbox', { name: 'Name', exact: true }).fill('Solar Direct')
  await dialog(page).getByLabel('Ping URL').fill(`${partnerUrl}/ping`)
  await dialog(page).getByLabel('Post URL').fill(`${partnerUrl}/post`)
  await dialog(page).getByRole('button', { name: 'Save partner' }).click()
  await notified(page, 'Partner saved')
  await page.getByRole('button', { name: 'Test ping' }).click()
  await expect(dialog(page).getByTestId('test-ping-parsed')).toContainText('Bid$7.50')
  await expect(dialog(page).getByTestId('test-ping-response')).toHaveText('{"accepted":true,"price":7.5,"id":"bid-42"}')
  // The ping carried only the mapped, non-contact fields of the sample lead.
  expect(JSON.parse(received[0] ?? '{}')).toEqual({ zip: '62701', state: 'IL' })
  await shot(page, 'settings-partners.png')
  // Another sample lead, edited in place, goes out on "Send again".
  await dialog(page).getByLabel('Sample lead').fill('{"zip": "10001", "state": "NY", "email": "x@example.com"}')
  await dialog(page).getByRole('button', { name: 'Send again' }).click()
  await expect.poll(() => received.length).toBe(2)
  expect(JSON.parse(received[1] ?? '{}')).toEqual({ zip: '10001', state: 'NY' })
  await page.keyboard.press('Escape')

  // Plans: bidding, then the marketplace with a direct post to the partner at the floor.
  await settingsTab(page, 'Distribution plans')
  await page.getByLabel('Plan name').fill('Bid, then market')
  await page.getByRole('button', { name: 'Add stage' }).click()
  await page.getByRole('menuitem', { name: 'Marketplace', exact: true }).click()
  const market = page.getByRole('group', { name: 'Stage Marketplace' })
  await market.getByLabel('First price').fill('30')
  await choose(page, market, 'Unsold at the floor', 'Solar Direct')
  await page.getByRole('button', { name: 'Create plan' }).click()
  await notified(page, 'Plan created')
  await expect(page.getByText('Bidding → Marketplace')).toBeVisible()
  await page.getByRole('button', { name: 'Move Marketplace up' }).click()
  await page.getByRole('button', { name: 'Save plan' }).click()
  await expect(page.getByText('Marketplace → Bidding')).toBeVisible()
  await shot(page, 'settings-plans.png', true)

  // Audit and duplicate rules.
  await settingsTab(page, 'Audit & duplicates')
  await page.getByLabel('Look back (days)').fill('14')
  // Out of range: kept as typed (not clamped to 100), said at the field, refused when saved.
  const sample = page.getByLabel('Sample of other leads')
  await sample.fill('150')
  await sample.blur()
  await expect(sample).toHaveValue('150 %')
  await expect(page.getByText('A share from 0 to 100 %')).toBeVisible()
  const saveRules = page.getByRole('button', { name: 'Save rules' })
  await saveRules.click()
  const refused = page.locator('.mantine-Notification-root').filter({ hasText: 'A share cannot be above 100 %' })
  await expect(refused).toBeVisible()
  // The notification leaves the Save button free to click again.
  const [note, button] = [await refused.boundingBox(), await saveRules.boundingBox()]
  if (!note || !button) throw new Error('no boxes')
  const overlaps =
    note.x < button.x + button.width &&
    button.x < note.x + note.width &&
    note.y < button.y + button.height &&
    button.y < note.y + note.height
  expect(overlaps).toBe(false)
  const unsaved = await rpc<{ auditRule: { samplePercent: number } }>(page, host.url, 'categories/get', {
    id: category.id,
  })
  expect(unsaved.auditRule.samplePercent).not.toBe(150)
  await page.screenshot({ path: docsScreenshot('settings-audit-out-of-range.png') })
  await sample.fill('5')
  await page.getByRole('button', { name: 'Add condition' }).click()
  await choose(page, page.getByTestId('condition-row'), 'Operator', 'is less than')
  await page.getByTestId('condition-row').getByLabel('Value', { exact: true }).fill('550')
  await choose(page, page.getByTestId('condition-row'), 'Field', 'Credit score')
  await page.getByRole('button', { name: 'Save rules' }).click()
  await notified(page, 'Rules saved')
  await shot(page, 'settings-audit.png', true)
  const saved = await rpc<{
    duplicateRule: { days: number }
    auditRule: { samplePercent: number; conditions: unknown }
  }>(page, host.url, 'categories/get', { id: category.id })
  expect(saved.duplicateRule.days).toBe(14)
  expect(saved.auditRule.samplePercent).toBe(5)
  expect(saved.auditRule.conditions).toEqual({
    match: 'all',
    conditions: [{ field: 'credit_score', op: 'lt', value: 550 }],
  })

  // Subscription threshold with this period's usage.
  await settingsTab(page, 'Subscription')
  await page.getByLabel('Unlimited').uncheck()
  await page.getByLabel('Leads per billing period').fill('1000')
  await page.getByRole('button', { name: 'Save subscription' }).click()
  await expect(page.getByTestId('subscription-usage')).toHaveText('5 of 1,000 leads')
  await shot(page, 'settings-subscription.png', true)

  // Users and roles: Admin keeps users.manage; other ticks save at once.
  await settingsTab(page, 'Users & roles')
  await expect(page.getByRole('checkbox', { name: 'Admin: users.manage' })).toBeDisabled()
  await page.getByRole('checkbox', { name: 'Viewer: leads.export' }).check()
  await notified(page, 'Role saved')
  await page.getByRole('button', { name: 'Add user' }).click()
  await dialog(page).getByRole('textbox', { name: 'Name', exact: true }).fill('Olga Operator')
  await dialog(page).getByLabel('Email').fill('olga@example.com')
  await dialog(page).getByLabel('First password').fill('password123')
  await dialog(page).getByRole('button', { name: 'Add user' }).click()
  await expect(page.getByRole('row', { name: /Olga Operator/ })).toBeVisible()
  await shot(page, 'settings-users.png', true)

  // Intake: binding to every interface asks first.
  await settingsTab(page, 'Intake server')
  await expect(page.getByLabel('Bind address')).toHaveValue('127.0.0.1')
  await page.getByLabel('Bind address').fill('0.0.0.0')
  await expect(page.getByText('Reachable from other machines')).toBeVisible()
  await page.getByRole('button', { name: 'Save intake settings' }).click()
  await expect(dialog(page)).toContainText('Open the intake API to your network?')
  await shot(page, 'settings-intake.png')
  await dialog(page).getByRole('button', { name: 'Bind to all interfaces' }).click()
  await notified(page, /Intake settings saved/)
  expect(await rpc<{ host: string }>(page, host.url, 'intake/get', {})).toMatchObject({ host: '0.0.0.0' })

  // Lists of customers and sources, and the lead types in the dark theme.
  await nav(page, 'Sources')
  await expect(page.getByRole('row', { name: /Quote form/ })).toBeVisible()
  await shot(page, 'settings-sources.png')
  // Rotating a key shows the new one once; the old one stops working at once.
  await page.getByRole('button', { name: 'Rotate the key of Quote form' }).click()
  await dialog(page).getByRole('button', { name: 'Rotate key' }).click()
  const rotated = (await dialog(page).getByTestId('api-key').textContent()) ?? ''
  expect(rotated).toMatch(/^ll_/)
  expect(rotated).not.toBe(apiKey)
  await dialog(page).getByRole('button', { name: 'I have stored the key' }).click()
  const oldKey = await page.request.post(`${host.intakeUrl}/api/v1/leads`, {
    headers: { 'X-Api-Key': apiKey },
    data: { first_name: 'Old', state: 'CA', email: 'old@example.com', credit_score: 600 },
  })
  expect(oldKey.status()).toBe(401)
  await rpc(page, host.url, 'customers/create', { name: 'Acme Solar', lowBalanceCents: 5000 })
  await nav(page, 'Customers')
  await expect(page.getByRole('row', { name: /Acme Solar/ })).toContainText('low')
  await shot(page, 'settings-customers.png')
  // Delivery settings of a customer.
  await page.getByRole('link', { name: 'Acme Solar' }).click()
  await page.getByRole('tab', { name: 'Details & delivery' }).click()
  await page.getByText('Webhook', { exact: true }).click()
  await page.getByLabel('Webhook URL').fill('https://acme.example/leads')
  await page.getByLabel('Headers').fill('Authorization: Bearer acme-token')
  await page.getByRole('button', { name: 'Save customer' }).click()
  await notified(page, 'Customer saved')
  const customers = await rpc<{ delivery: unknown }[]>(page, host.url, 'customers/list', {})
  expect(customers[0]?.delivery).toEqual({
    method: 'webhook',
    url: 'https://acme.example/leads',
    headers: { Authorization: 'Bearer acme-token' },
    // Without a template of its own the customer gets the standard JSON body.
    request: { format: 'json', httpMethod: 'POST', xmlRoot: 'lead', template: null },
  })
  await page.getByRole('button', { name: /Switch to dark theme/ }).click()
  await nav(page, 'Settings')
  await settingsTab(page, 'Lead types')
  await shot(page, 'settings-lead-types-dark.png', true)
})

test('an Operator sees customers and sources but cannot change them; bad input is refused with its reason', async ({
  page,
  host,
}) => {
  await setupAdmin(page, host.url)
  const roles = await rpc<{ id: number; name: string }[]>(page, host.url, 'roles/list', {})
  await rpc(page, host.url, 'users/create', {
    name: 'Olga Operator',
    email: 'olga@example.com',
    roleId: roles.find((r) => r.name === 'Operator')?.id,
    password: 'password123',
  })
  await rpc(page, host.url, 'customers/create', { name: 'Acme Solar' })

  // Refused input explains itself and leaves nothing behind.
  await nav(page, 'Settings')
  await settingsTab(page, 'Partners')
  await page.getByRole('button', { name: 'New partner' }).click()
  await dialog(page).getByRole('textbox', { name: 'Name', exact: true }).fill('Broken')
  await dialog(page).getByLabel('Post URL').fill('partner.example/post')
  await dialog(page).getByRole('button', { name: 'Save partner' }).click()
  await notified(page, /postUrl — Enter a full http\(s\) URL/)
  expect(await rpc<unknown[]>(page, host.url, 'partners/list', {})).toEqual([])
  await page.keyboard.press('Escape')

  await page.getByRole('button', { name: 'Account' }).click()
  await page.getByRole('menuitem', { name: 'Sign out' }).click()
  await signIn(page, 'olga@example.com', 'password123')
  const navigation = page.getByRole('navigation', { name: 'Main navigation' })
  await expect(navigation.getByRole('link', { name: 'Settings' })).toHaveCount(0)
  await nav(page, 'Customers')
  await expect(page.getByRole('row', { name: /Acme Solar/ })).toBeVisible()
  await expect(page.getByRole('button', { name: 'New customer' })).toHaveCount(0)
  await page.getByRole('link', { name: 'Acme Solar' }).click()
  await expect(page.getByTestId('wallet-balance')).toHaveText('$0.00')
  await expect(page.getByRole('button', { name: 'Deposit' })).toHaveCount(0)
  await expect(page.getByRole('tab', { name: 'Details & delivery' })).toHaveCount(0)
  await nav(page, 'Sources')
  await expect(page.getByRole('button', { name: 'New source' })).toHaveCount(0)
})
