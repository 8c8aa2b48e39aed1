import { type LocalServer, startLocalServer } from '../support/endpoint'
import { expect, test } from './fixtures'
import { rpc } from './rpc'
import { LeadsPage } from './pages/leads-page'
import { PartnerForm } from './pages/partner-form'
import { nav, notified, settingsTab, setupAdmin, shot } from './settings-pages'

let buyer: LocalServer | null = null
test.afterEach(async () => {
  await buyer?.close()
  buyer = null
})

/**
 * A buyer that takes only form posts with its api_key, and wants Yes/No and MM/DD/YYYY in pings;
 * it bids $21.50 and accepts the post of the lead it bid on.
 */
async function formBuyer(): Promise<LocalServer> {
  buyer = await startLocalServer((r) => {
    const form = new URLSearchParams(r.body)
    const refuse = (reason: string) => ({ status: 400, body: { accepted: false, reason } })
    if (r.headers['content-type'] !== 'application/x-www-form-urlencoded') return refuse('form posts only')
    if (form.get('api_key') !== 'k-123') return refuse('bad api_key')
    if (r.path === '/ping') {
      if (!['Yes', 'No'].includes(form.get('homeowner') ?? '')) return refuse('homeowner must be Yes or No')
      if (!/^\d{2}\/\d{2}\/\d{4}$/.test(form.get('dob') ?? '')) return refuse('dob must be MM/DD/YYYY')
      return { body: { accepted: true, price: 21.5, id: 'fb-ping-1' } }
    }
    return { body: { accepted: form.get('ping_id') === 'fb-ping-1', id: 'fb-post-1' } }
  })
  return buyer
}

test('a form-encoded partner from a preset: test ping shows the body, a lead is posted with the exact request', async ({
  page,
  host,
}) => {
  const endpoint = await formBuyer()
  await setupAdmin(page, host.url)
  const category = await rpc<{ id: number }>(page, host.url, 'categories/create', { name: 'Home', slug: 'home' })
  for (const field of [
    { key: 'homeowner', label: 'Homeowner', type: 'boolean' },
    { key: 'birth_date', label: 'Birth date', type: 'date' },
  ])
    await rpc(page, host.url, 'categories/saveField', { categoryId: category.id, field })
  await rpc(page, host.url, 'leadTypes/create', { categoryId: category.id, name: 'Any', isFallback: true })
  const { apiKey } = await rpc<{ apiKey: string }>(page, host.url, 'sources/create', {
    name: 'Quote form',
    defaultCategoryId: category.id,
  })

  // A new partner from the "Generic form POST" preset, its key and the buyer's vocabulary.
  await nav(page, 'Settings')
  await settingsTab(page, 'Partners')
  await page.getByRole('button', { name: 'New partner' }).click()
  const form = new PartnerForm(page)
  await form.choose('Start from a preset', 'Generic form POST')
  await expect(form.root.getByRole('radio', { name: 'Form-encoded' })).toBeChecked()
  await form.root.getByRole('textbox', { name: 'Name', exact: true }).fill('Form buyer')
  await form.root.getByLabel('Ping URL').fill(`${endpoint.url}/ping`)
  await form.root.getByLabel('Post URL').fill(`${endpoint.url}/post`)
  await form.setFixed('Ping', 1, 'k-123')
  await form.addFieldRow('Ping', 'homeowner', 'homeowner · boolean', 'Yes/No')
  await form.addFieldRow('Ping', 'dob', 'birth_date · date', 'MM/DD/YYYY')
  await shot(page, 'settings-partner-template-light.png')
  await page.evaluate("document.documentElement.setAttribute('data-mantine-color-scheme', 'dark')")
  await shot(page, 'settings-partner-template-dark.png')
  await page.evaluate("document.documentElement.setAttribute('data-mantine-color-scheme', 'light')")
  await form.openTemplate('Post')
  await form.setFixed('Post', 1, 'k-123')

  // A test ping of the unsaved settings shows the exact body; the sample lacks the buyer's fields.
  await form.root.getByRole('button', { name: 'Test ping' }).click()
  await expect(form.test.getByTestId('test-ping-parsed')).toContainText('Failed')
  await expect(form.test.getByTestId('test-ping-response')).toContainText('homeowner must be Yes or No')
  await form.test
    .getByLabel('Sample lead')
    .fill('{"state": "Texas", "zip": "78701", "homeowner": true, "birth_date": "1984-03-07"}')
  await form.test.getByRole('button', { name: 'Send again' }).click()
  await expect(form.test.getByTestId('test-ping-parsed')).toContainText('Bid$21.50')
  await expect(form.test.getByTestId('test-ping-request')).toContainText(
    'api_key=k-123&state=TX&zip=78701&homeowner=Yes&dob=03%2F07%2F1984',
  )
  await expect(form.test.getByTestId('test-ping-request')).toContainText(
    'content-type: application/x-www-form-urlencoded',
  )
  await shot(page, 'settings-partner-test-ping.png')
  await page.keyboard.press('Escape')
  await expect(form.test).toHaveCount(0)
  await expect(form.root).toBeVisible()
  await form.root.getByRole('button', { name: 'Save partner' }).click()
  await notified(page, 'Partner saved')
  await expect(page.getByRole('row', { name: /Form buyer/ })).toContainText('Form-encoded')

  // Route the category's leads to the partner, then a source posts a lead through the intake API.
  const [partner] = await rpc<{ id: number }[]>(page, host.url, 'partners/list', {})
  const plan = await rpc<{ id: number }>(page, host.url, 'plans/create', {
    name: 'Partners',
    stages: [{ kind: 'pingpost', partnerIds: [partner?.id] }],
  })
  await rpc(page, host.url, 'categories/update', { id: category.id, defaultPlanId: plan.id })
  const posted = await page.request.post(`${host.intakeUrl}/api/v1/leads`, {
    headers: { 'X-Api-Key': apiKey },
    data: {
      first_name: 'Rosa',
      last_name: 'Form',
      email: 'rosa.form@example.com',
      phone: '(512) 555-0100',
      state: 'TX',
      zip: '78701',
      homeowner: 'yes',
      birth_date: '1990-11-02',
    },
  })
  expect(posted.status()).toBe(201)

  await nav(page, 'Leads')
  const leads = new LeadsPage(page)
  await leads.search.fill('Rosa Form')
  await expect(leads.rows()).toHaveCount(1)
  await leads.rows().first().click()
  await expect(leads.detail).toContainText('Posted')
  await leads.detail.getByRole('button', { name: /^Post · Form buyer · accepted/ }).click()
  const sentPost = endpoint.received.find((r) => r.path === '/post')?.body ?? ''
  expect(new URLSearchParams(sentPost).get('phone')).toBe('5125550100')
  expect(new URLSearchParams(sentPost).get('ping_id')).toBe('fb-ping-1')
  await expect(page.getByRole('dialog').getByText(`Request · POST ${endpoint.url}/post`)).toBeVisible()
  await expect(page.getByTestId('pingpost-request')).toContainText(sentPost)
})

test('a customer webhook in XML with the customer’s own keys; a bad element name is refused where it is', async ({
  page,
  host,
}) => {
  await setupAdmin(page, host.url)
  const category = await rpc<{ id: number }>(page, host.url, 'categories/create', { name: 'Home', slug: 'home' })
  await rpc(page, host.url, 'categories/saveField', {
    categoryId: category.id,
    field: { key: 'homeowner', label: 'Homeowner', type: 'boolean' },
  })
  await rpc(page, host.url, 'customers/create', { name: 'Acme Homes' })
  await nav(page, 'Customers')
  await page.getByRole('link', { name: 'Acme Homes' }).click()
  await page.getByRole('tab', { name: 'Details & delivery' }).click()
  await page.getByText('Webhook', { exact: true }).click()
  await page.getByLabel('Webhook URL').fill('https://acme.example/leads')
  await page.getByText('XML', { exact: true }).click()
  await page.getByLabel('Root element').fill('Lead')
  await page.getByRole('switch', { name: "The customer's own keys" }).dispatchEvent('click')
  const form = new PartnerForm(page)
  const table = page.getByRole('table', { name: 'Webhook template' })
  await expect(table).toContainText('No keys yet')
  await page.getByRole('button', { name: 'Add key' }).click()
  await table.getByLabel('Key 1', { exact: true }).fill('Contact Email')
  await form.choose('Value 1', 'email · email', table)
  await page.getByRole('button', { name: 'Add key' }).click()
  await table.getByLabel('Key 2', { exact: true }).fill('Owner')
  await form.choose('Value 2', 'homeowner · boolean', table)
  await form.choose('Transform 2', 'Yes/No', table)
  await page.getByRole('button', { name: 'Save customer' }).click()
  await expect(table.getByText('An XML element name starts with a letter and has no spaces')).toBeVisible()
  const before = await rpc<{ delivery: { method: string } }[]>(page, host.url, 'customers/list', {})
  expect(before[0]?.delivery.method).toBe('none')

  await table.getByLabel('Key 1', { exact: true }).fill('Contact.Email')
  await shot(page, 'customer-webhook-template-light.png')
  await page.evaluate("document.documentElement.setAttribute('data-mantine-color-scheme', 'dark')")
  await shot(page, 'customer-webhook-template-dark.png')
  await page.evaluate("document.documentElement.setAttribute('data-mantine-color-scheme', 'light')")
  // Enter saves the form (the refusal's notice still covers the button).
  await table.getByLabel('Key 1', { exact: true }).press('Enter')
  await notified(page, 'Customer saved')
  const [customer] = await rpc<{ delivery: { request: unknown } }[]>(page, host.url, 'customers/list', {})
  expect(customer?.delivery.request).toEqual({
    format: 'xml',
    httpMethod: 'POST',
    xmlRoot: 'Lead',
    template: {
      allFields: false,
      entries: [
        { key: 'Contact.Email', source: 'field', value: 'email', transform: null, fallback: null },
        {
          key: 'Owner',
          source: 'field',
          value: 'homeowner',
          transform: { kind: 'boolean', words: 'Yes/No' },
          fallback: null,
        },
      ],
    },
  })
})
