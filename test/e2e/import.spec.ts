import { signIn } from './fixtures'
import { choose, dropFile } from './pages/import-page'
import { ADMIN, expect, test } from './seed-imports'

const CSV = [
  'First Name,Surname,E-mail,Phone 1,Zip Code,Vehicles,Credit Score',
  'Ann,Lee,ANN@Example.com,(415) 555-0100 ext 12,94107,2,good',
  'Bob,Stone,bob@example,415-555-0101,94108,1,Fair',
  'Cy,,cy@example.com,4155550102,9410,12,Poor',
  'Dee,Park,dee@example.com,415.555.0103,94109-1234,3,Fair',
  '',
].join('\r\n')

test('drop a CSV on the window, map it, see the invalid rows, import, and find the leads and their reverse auctions', async ({
  page,
  imports,
}) => {
  await page.goto(imports.url)
  await signIn(page, ADMIN.email, ADMIN.password)
  // Dropped on another screen: the import screen opens with the file.
  await dropFile(page, 'spring-leads.csv', CSV)
  await expect(page.getByRole('heading', { name: 'Import leads' })).toBeVisible()
  await expect(page.getByTestId('import-file')).toHaveText('spring-leads.csv')
  await expect(page.getByTestId('drop-overlay')).toBeHidden()

  await choose(page, 'Customer', 'Acme Agency')
  await choose(page, 'Lead category', 'Auto insurance')

  // Every field of the category, pre-filled by name; required ones marked.
  const mapping = page.getByRole('table', { name: 'Column mapping' })
  await expect(mapping.getByRole('row')).toHaveCount(12)
  await expect(page.getByRole('combobox', { name: 'Column for Email' })).toHaveValue('E-mail')
  await expect(page.getByRole('combobox', { name: 'Column for Last name' })).toHaveValue('Surname')
  await expect(page.getByRole('combobox', { name: 'Column for ZIP' })).toHaveValue('Zip Code')
  await expect(page.getByRole('combobox', { name: 'Column for Credit score' })).toHaveValue('Credit Score')
  await expect(page.getByRole('combobox', { name: 'Column for Address' })).toHaveValue('— not imported —')
  await expect(mapping.getByRole('row', { name: /Email required/ })).toBeVisible()

  // The preview shows rows as they will be stored: email lowercased, phone in E.164, choice spelled as configured.
  const preview = page.getByRole('table', { name: 'Preview of the first rows' })
  const ann = preview.getByRole('row', { name: /^2 Ann/ })
  await expect(ann).toContainText('ann@example.com')
  await expect(ann).toContainText('+14155550100')
  await expect(ann).toContainText('Good')
  await expect(preview.getByRole('row', { name: /^3 Rejected/ })).toContainText('Email: Enter a valid email address')

  await page.getByRole('button', { name: 'Check rows' }).click()
  await expect(page.getByTestId('valid-count')).toHaveText('2')
  await expect(page.getByTestId('invalid-count')).toHaveText('2')
  const invalid = page.getByRole('table', { name: 'Invalid rows' })
  await expect(invalid.getByRole('row', { name: '3 Email Enter a valid email address' })).toBeVisible()
  await expect(invalid.getByRole('row', { name: '4 ZIP Enter a 5-digit zip code' })).toBeVisible()
  await expect(invalid.getByRole('row', { name: '4 Vehicles Must be at most 9' })).toBeVisible()

  // The rejected rows can be saved as a CSV file.
  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Save rejected rows' }).click()
  const rejected = await download
  expect(rejected.suggestedFilename()).toBe('spring-leads-rejected.csv')
  const { readFile } = await import('node:fs/promises')
  const text = await readFile(await rejected.path(), 'utf8')
  expect(
    text
      .split('\r\n')
      .filter(Boolean)
      .map((l) => l.split(',')[0]),
  ).toEqual(['Row', '3', '4'])

  await page.screenshot({ path: 'docs/screenshots/import-light.png', fullPage: true })
  await page.getByRole('button', { name: 'Import 2 rows' }).click()
  await expect(page.getByTestId('import-result')).toContainText('Imported 2 leads for Acme Agency (2 rows rejected)')
  // The same file cannot be imported twice by a second click.
  await expect(page.getByRole('button', { name: 'Import 2 rows' })).toBeDisabled()

  const leads = await imports.query<{
    first_name: string
    email: string
    phone: string
    status: string
    import_batch_id: number
  }>('SELECT first_name, email, phone, status, import_batch_id FROM leads ORDER BY id')
  expect(leads).toEqual([
    { first_name: 'Ann', email: 'ann@example.com', phone: '+14155550100', status: 'Marketplace', import_batch_id: 1 },
    { first_name: 'Dee', email: 'dee@example.com', phone: '+14155550103', status: 'Marketplace', import_batch_id: 1 },
  ])

  // The leads are in the leads table…
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Leads' }).click()
  await expect(page.getByText('dee@example.com')).toBeVisible()

  // …and their reverse auctions on the marketplace: an operator enters a source's offer and closes it.
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Marketplace' }).click()
  const auctions = page.getByRole('table', { name: 'Reverse auctions' })
  await expect(auctions.getByRole('row', { name: /Ann Lee/ })).toContainText('Acme Agency')
  await expect(auctions.getByRole('row', { name: /Dee Park/ })).toBeVisible()
  // The offers open from the keyboard.
  await auctions.getByRole('button', { name: 'Offers for Ann Lee: 0' }).focus()
  await page.keyboard.press('Enter')
  await expect(page.getByText('No offers yet.')).toBeVisible()
  await choose(page, 'Source', 'Budget Leads')
  await page.getByRole('textbox', { name: 'Price ($)' }).fill('3.25')
  await page.getByRole('button', { name: 'Add offer' }).click()
  await expect(page.getByRole('table', { name: 'Offers for Ann Lee' })).toContainText('$3.25')
  await page.screenshot({ path: 'docs/screenshots/marketplace-light.png', fullPage: true })
  await page.getByRole('button', { name: 'Close now' }).click()
  await expect(page.getByText('Reverse auction won by Budget Leads at 3.25')).toBeVisible()
  await page.getByText('Closed', { exact: true }).click()
  await expect(auctions.getByRole('row', { name: /Ann Lee/ }).first()).toContainText(
    '$3.25 from Budget Leads to Acme Agency',
  )

  // The same screen in the dark theme.
  await page.getByRole('button', { name: /Switch to dark theme/ }).click()
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark')
  await page.screenshot({ path: 'docs/screenshots/marketplace-dark.png' })
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Import' }).click()
  // Back on the import screen, the finished import is still shown until the operator starts over.
  await expect(page.getByTestId('import-result')).toContainText('Imported 2 leads for Acme Agency')
  await page.getByRole('button', { name: 'Start over' }).click()
  await expect(page.getByText('No file yet')).toBeVisible()
  await page.screenshot({ path: 'docs/screenshots/import-empty-dark.png' })

  expect(
    await imports.query('SELECT status, charged_cents, cost_cents FROM leads WHERE first_name = ?', 'Ann'),
  ).toEqual([{ status: 'Assigned', charged_cents: 325, cost_cents: 325 }])
})
