import { signIn } from './fixtures'
import { choose, dropFile } from './pages/import-page'
import { ADMIN, RECENT_ANN, expect, test } from './seed-imports'

// Row 2 repeats yesterday's lead, row 3 opens a quote it never closes, row 6 repeats row 5.
const CSV = [
  'First Name,Surname,E-mail,Phone 1',
  'Ann,Lee,ANN@example.com,(415) 555-0100 x12',
  'Bob,"Stone,bob@example.com,415-555-0101',
  'Cy,Park,cy@example.com,415-555-0102 ext. 7',
  'Dee,Moss,dee@example.com,001-415-555-0103',
  'Dee,Moss,dee@example.com,415-555-0103',
  '',
].join('\r\n')

test('drop a file with duplicates of stored leads and a broken quote, see both in the check, import the rest for the customer', async ({
  page,
  duplicatesHost: host,
}) => {
  await page.goto(host.url)
  await signIn(page, ADMIN.email, ADMIN.password)
  await dropFile(page, 'contacts.csv', CSV)
  await expect(page.getByTestId('import-file')).toHaveText('contacts.csv')
  await choose(page, 'Customer', 'Acme Agency')
  await choose(page, 'Lead category', 'Auto insurance')

  // The list has no state: every row gets TX.
  await choose(page, 'Column for State', '— the same value for every row —')
  await page.getByRole('textbox', { name: 'Value for State' }).fill('tx')
  const preview = page.getByRole('table', { name: 'Preview of the first rows' })
  await expect(preview.getByRole('row', { name: /^4 Cy/ })).toContainText('TX')
  await expect(preview.getByRole('row', { name: /^3 Rejected/ })).toContainText('Row: Unclosed quote')

  await page.getByRole('button', { name: 'Check rows' }).click()
  await expect(page.getByTestId('valid-count')).toHaveText('4')
  await expect(page.getByTestId('invalid-count')).toHaveText('1')
  await expect(page.getByTestId('duplicate-count')).toHaveText('2')
  await expect(
    page.getByRole('table', { name: 'Invalid rows' }).getByRole('row', { name: /^3 Row Unclosed quote/ }),
  ).toBeVisible()
  const duplicates = page.getByRole('table', { name: 'Duplicate rows' })
  await expect(duplicates.getByRole('row', { name: /^2 Email ann@example\.com Open lead 33333333/ })).toBeVisible()
  await expect(duplicates.getByRole('row', { name: /^6 Email dee@example\.com row 5 of this file/ })).toBeVisible()
  await expect(page.getByRole('radio', { name: 'Skip them' })).toBeChecked()

  await page.getByRole('radio', { name: 'Skip them' }).scrollIntoViewIfNeeded()
  await page.screenshot({ path: 'docs/screenshots/import-check-light.png' })
  await page.getByRole('button', { name: /Switch to dark theme/ }).click()
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark')
  await page.mouse.move(600, 600)
  await expect(page.getByRole('tooltip')).toBeHidden()
  await page.screenshot({ path: 'docs/screenshots/import-check-dark.png' })

  // The stored lead a row repeats opens from the check.
  await duplicates.getByRole('button', { name: `Open lead ${RECENT_ANN}` }).click()
  const drawer = page.getByRole('dialog')
  await expect(drawer).toContainText(RECENT_ANN)
  await page.keyboard.press('Escape')
  await expect(drawer).toBeHidden()

  await page.getByRole('button', { name: 'Import 2 rows' }).click()
  await expect(page.getByTestId('import-result')).toContainText(
    'Imported 2 leads for Acme Agency (1 row rejected); 2 duplicates skipped',
  )
  expect(
    await host.query(
      'SELECT first_name, email, phone, state, status, customer_id, details FROM leads WHERE import_batch_id IS NOT NULL ORDER BY id',
    ),
  ).toEqual([
    {
      first_name: 'Cy',
      email: 'cy@example.com',
      phone: '+14155550102',
      state: 'TX',
      status: 'Marketplace',
      customer_id: host.seed.customerId,
      details: '{"phone_ext":"7"}',
    },
    {
      first_name: 'Dee',
      email: 'dee@example.com',
      phone: '+14155550103',
      state: 'TX',
      status: 'Marketplace',
      customer_id: host.seed.customerId,
      details: '{}',
    },
  ])
  expect(await host.query('SELECT count(*) AS n FROM leads')).toEqual([{ n: 3 }])

  // The same file again: the screen says when it was imported and wants a confirmation.
  await page.getByRole('button', { name: 'Start over' }).click()
  await dropFile(page, 'contacts again.csv', CSV)
  await choose(page, 'Customer', 'Acme Agency')
  await choose(page, 'Lead category', 'Auto insurance')
  await expect(page.getByText('This file was imported before')).toBeVisible()
  await expect(page.getByText(/as batch 1 \(2 leads, as contacts\.csv\)/)).toBeVisible()
  await page.getByRole('button', { name: 'Check rows' }).click()
  // Cy and Dee are now stored leads too.
  await expect(page.getByTestId('duplicate-count')).toHaveText('4')
  const again = page.getByRole('button', { name: 'Import 0 rows' })
  await expect(again).toBeDisabled()
  await page.getByRole('checkbox', { name: /Import this file again anyway/ }).check()
  await again.click()
  await expect(page.getByTestId('import-result')).toContainText('Imported 0 leads for Acme Agency')
  expect(await host.query('SELECT count(*) AS n FROM leads')).toEqual([{ n: 3 }])
  expect(await host.query('SELECT id, rows_imported, rows_duplicate FROM import_batches ORDER BY id')).toEqual([
    { id: 1, rows_imported: 2, rows_duplicate: 2 },
    { id: 2, rows_imported: 0, rows_duplicate: 4 },
  ])
})
