import { readFile } from 'node:fs/promises'
import type { Page } from '@playwright/test'
import Papa from 'papaparse'
import { signIn } from './fixtures'
import { ADMIN, expect, test } from './seed-imports'

interface LeadRow {
  uuid: string
  status: string
  category: string
  first_name: string | null
  last_name: string | null
  email: string | null
  phone: string | null
  address: string | null
  city: string | null
  zip: string | null
  details: string
  charged_cents: number | null
  assigned_at: number | null
  created_at: number
  category_id: number
}

/**
 * What a spreadsheet-safe cell of the database value looks like: what a spreadsheet would run
 * (`=`, `@`, `+`/`-` before anything but a plain number) is neutralised, numbers and phones are not.
 */
function cell(value: unknown): string {
  if (value === null || value === undefined) return ''
  const text = String(value)
  const number = /^[+-]?\d+(\.\d+)?$/.test(text)
  return /^[=@\t\r]/.test(text) || (/^[+-]/.test(text) && !number) ? `'${text}` : text
}

async function exportFile(page: Page, bom: boolean): Promise<{ name: string; text: string }> {
  await page.getByRole('button', { name: 'Export' }).click()
  if (bom) await page.getByLabel('Add a byte-order mark (for Excel)').check()
  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export CSV' }).click()
  const file = await download
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') }
}

test("export a customer's lead list, every field and customer-facing, and compare the files with the database", async ({
  page,
  exportsHost,
}) => {
  const { seed } = exportsHost
  await page.goto(exportsHost.url)
  await signIn(page, ADMIN.email, ADMIN.password)
  await page.goto(`${exportsHost.url}/#/customer-view/${seed.customerId}`)
  await expect(page.getByRole('heading', { name: /Acme Agency/ })).toBeVisible()

  const leads = await exportsHost.query<LeadRow>(
    `SELECT l.*, c.name AS category FROM leads l JOIN categories c ON c.id = l.category_id
     WHERE l.customer_id = ? ORDER BY l.id`,
    seed.customerId,
  )
  expect(leads).toHaveLength(3)

  // The operator's export: metadata, contact and every custom field, deliverable or not.
  const operator = await exportFile(page, false)
  expect(operator.name).toMatch(/^acme-agency-leads-\d{4}-\d{2}-\d{2}\.csv$/)
  expect(operator.text.startsWith('\uFEFF')).toBe(false)
  const [header, ...rows] = Papa.parse<string[]>(operator.text.trimEnd()).data
  expect(header).toEqual([
    'Lead ID',
    'Status',
    'Category',
    'Lead type',
    'Source',
    'Customer',
    'Charged',
    'Cost',
    'Created at',
    'Updated at',
    'Assigned at',
    'Returned at',
    'Return reason',
    'Delivery status',
    'Import batch',
    'Ping record',
    'Post record',
    'IP address',
    'User agent',
    'First name',
    'Last name',
    'Email',
    'Phone',
    'Address',
    'City',
    'County',
    'State',
    'ZIP',
    'Vehicles',
    'Credit score',
    'Roof age',
  ])
  const at = (name: string) => header?.indexOf(name) ?? -1
  expect(rows).toHaveLength(leads.length)
  leads.forEach((lead, i) => {
    const row = rows[i] ?? []
    const details = JSON.parse(lead.details) as Record<string, unknown>
    expect(row).toHaveLength(header?.length ?? 0)
    expect(row[at('Lead ID')]).toBe(lead.uuid)
    expect(row[at('Status')]).toBe(lead.status)
    expect(row[at('Category')]).toBe(lead.category)
    expect(row[at('Customer')]).toBe('Acme Agency')
    expect(row[at('Charged')]).toBe(((lead.charged_cents ?? 0) / 100).toFixed(2))
    expect(row[at('Created at')]).toBe(new Date(lead.created_at).toISOString())
    expect(row[at('Assigned at')]).toBe(new Date(lead.assigned_at ?? 0).toISOString())
    for (const [label, key] of [
      ['First name', 'first_name'],
      ['Last name', 'last_name'],
      ['Email', 'email'],
      ['Phone', 'phone'],
      ['Address', 'address'],
      ['City', 'city'],
      ['ZIP', 'zip'],
    ] as const) {
      expect(row[at(label)], `${label} of ${lead.uuid}`).toBe(cell(lead[key]))
    }
    expect(row[at('Vehicles')]).toBe(cell(details['vehicles']))
    expect(row[at('Credit score')]).toBe(cell(details['credit_score']))
    expect(row[at('Roof age')]).toBe(cell(details['roof_age']))
  })
  // "@Bob" would run as a formula; it is neutralised. A phone number is data: no apostrophe.
  expect(rows[1]?.[at('First name')]).toBe("'@Bob")
  expect(leads[2]?.phone).toBe('+15125550100')
  expect(rows[2]?.[at('Phone')]).toBe('+15125550100')
  expect(operator.text).not.toContain("'+1")

  // The customer-facing export (from "view as customer"): only deliverable fields, per category.
  await page.getByRole('switch', { name: 'View as customer' }).click()
  const customer = await exportFile(page, true)
  expect(customer.text.startsWith('\uFEFF')).toBe(true)
  const [cHeader, ...cRows] = Papa.parse<string[]>(customer.text.slice(1).trimEnd()).data
  expect(cHeader).toEqual([
    'Lead ID',
    'Assigned at',
    'First name',
    'Last name',
    'Email',
    'Phone',
    'City',
    'County',
    'State',
    'ZIP',
    'Vehicles',
    'Roof age',
  ])
  const deliverable = new Set(
    (
      await exportsHost.query<{ category_id: number; key: string }>(
        'SELECT category_id, key FROM fields WHERE deliverable = 1',
      )
    ).map((f) => `${f.category_id}:${f.key}`),
  )
  const cAt = (name: string) => cHeader?.indexOf(name) ?? -1
  expect(cRows).toHaveLength(leads.length)
  leads.forEach((lead, i) => {
    const row = cRows[i] ?? []
    const details = JSON.parse(lead.details) as Record<string, unknown>
    const shown = (key: string, value: unknown) => (deliverable.has(`${lead.category_id}:${key}`) ? cell(value) : '')
    expect(row[cAt('Lead ID')]).toBe(lead.uuid)
    expect(row[cAt('Email')]).toBe(shown('email', lead.email))
    expect(row[cAt('Phone')]).toBe(shown('phone', lead.phone))
    expect(row[cAt('City')]).toBe(shown('city', lead.city))
    expect(row[cAt('Vehicles')]).toBe(shown('vehicles', details['vehicles']))
    expect(row[cAt('Roof age')]).toBe(shown('roof_age', details['roof_age']))
  })
  // The customer's CRM gets the phone number exactly as stored.
  expect(cRows[2]?.[cAt('Phone')]).toBe('+15125550100')
  expect(customer.text).not.toContain("'+1")
  // Nothing that is not deliverable appears anywhere in the file.
  expect(customer.text).not.toContain('Main St')
  expect(customer.text).not.toContain('Good')
  expect(customer.text).not.toContain('Unassigned')
  await page.screenshot({ path: 'docs/screenshots/export-customer-view.png' })

  const audit = await exportsHost.query<{ summary: string }>(
    "SELECT summary FROM audit_log WHERE action = 'leads.export' ORDER BY id",
  )
  expect(audit).toEqual([
    { summary: 'Exported 3 leads (every field) of Acme Agency' },
    { summary: 'Exported 3 leads (customer-facing) of Acme Agency' },
  ])
})

test('the leads table exports what its filter shows, with every field', async ({ page, exportsHost }) => {
  await page.goto(exportsHost.url)
  await signIn(page, ADMIN.email, ADMIN.password)
  await page.getByRole('textbox', { name: 'Search leads' }).fill('dee')
  await expect(page.getByTestId('leads-total')).toHaveText('1 lead')
  const file = await exportFile(page, false)
  expect(file.name).toMatch(/^leads-\d{4}-\d{2}-\d{2}\.csv$/)
  const [header, ...rows] = Papa.parse<string[]>(file.text.trimEnd()).data
  expect(rows.map((r) => [r[header?.indexOf('Email') ?? -1], r[header?.indexOf('Status') ?? -1]])).toEqual([
    ['dee@example.com', 'Unassigned'],
  ])
})
