import { signIn } from './fixtures'
import { choose, dropFile, openScreen } from './pages/import-page'
import { ADMIN, expect, test } from './seed-imports'

const CSV = [
  'First Name,Surname,E-mail,Phone 1,Zip Code,Vehicles,Credit Score',
  'Ann,Lee,ann@example.com,415-555-0100,94107,2,good',
  'Bob,Stone,bob@example,415-555-0101,94108,1,Fair',
  'Cy,,cy@example.com,4155550102,9410,12,Poor',
  'Dee,Park,dee@example.com,415.555.0103,94109,3,Fair',
  '',
].join('\r\n')

test('the import in progress survives a visit to another screen until the operator starts over', async ({
  page,
  imports,
}) => {
  await page.goto(imports.url)
  await signIn(page, ADMIN.email, ADMIN.password)
  await openScreen(page, 'Import')
  await expect(page.getByText('No file yet')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Start over' })).toHaveCount(0)

  await page.locator('input[type=file]').setInputFiles({
    name: 'resume-leads.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(CSV),
  })
  await expect(page.getByTestId('import-file')).toHaveText('resume-leads.csv')
  await choose(page, 'Customer', 'Acme Agency')
  await choose(page, 'Lead category', 'Auto insurance')
  // One choice of the operator's own, over the automatic matching.
  await expect(page.getByRole('combobox', { name: 'Column for Credit score' })).toHaveValue('Credit Score')
  await choose(page, 'Column for Credit score', '— not imported —')
  await page.getByRole('button', { name: 'Check rows' }).click()
  await expect(page.getByTestId('valid-count')).toHaveText('2')
  await expect(page.getByTestId('invalid-count')).toHaveText('2')

  // Away to the leads and back: the file, the choices, the mapping and the check are all still there.
  await openScreen(page, 'Leads')
  await expect(page.getByRole('heading', { name: 'Import leads' })).toHaveCount(0)
  await openScreen(page, 'Import')
  await expect(page.getByTestId('import-file')).toHaveText('resume-leads.csv')
  await expect(page.getByRole('combobox', { name: 'Customer' })).toHaveValue('Acme Agency')
  await expect(page.getByRole('combobox', { name: 'Lead category' })).toHaveValue('Auto insurance')
  await expect(page.getByRole('combobox', { name: 'Column for Credit score' })).toHaveValue('— not imported —')
  await expect(page.getByRole('combobox', { name: 'Column for Email' })).toHaveValue('E-mail')
  await expect(page.getByTestId('valid-count')).toHaveText('2')
  await expect(page.getByTestId('invalid-count')).toHaveText('2')
  await page.screenshot({ path: 'docs/screenshots/import-resumed-light.png', fullPage: true })

  // The import's answer is held back until the operator has left and come back, so the screen is
  // seen while the import is still running (its push events flow as usual).
  let release = (): void => undefined
  const held = new Promise<void>((resolve) => (release = resolve))
  await page.route('**/rpc/imports/start', async (route) => {
    const response = await route.fetch()
    await held
    await route.fulfill({ response })
  })
  await page.getByRole('button', { name: 'Import 2 rows' }).click()
  await expect(page.getByTestId('import-progress')).toBeVisible()
  await openScreen(page, 'Leads')
  await expect(page.getByRole('heading', { name: 'Import leads' })).toHaveCount(0)
  await openScreen(page, 'Import')
  await expect(page.getByRole('progressbar', { name: 'Import progress' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Start over' })).toBeDisabled()
  await page.getByTestId('import-progress').scrollIntoViewIfNeeded()
  await page.screenshot({ path: 'docs/screenshots/import-running-light.png' })
  await expect(page.getByRole('button', { name: 'Import 2 rows' })).toBeDisabled()
  release()
  await expect(page.getByTestId('import-result')).toContainText('Imported 2 leads for Acme Agency (2 rows rejected)')
  await expect(page.getByTestId('import-progress')).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Import 2 rows' })).toBeDisabled()
  // The mapping chosen before leaving is the one the import used.
  expect(
    await imports.query(
      "SELECT first_name, json_extract(details, '$.credit_score') AS credit_score FROM leads ORDER BY id",
    ),
  ).toEqual([
    { first_name: 'Ann', credit_score: null },
    { first_name: 'Dee', credit_score: null },
  ])

  // A file dropped on another screen starts a fresh import: nothing of the previous one is kept.
  await openScreen(page, 'Leads')
  await dropFile(page, 'second-batch.csv', CSV)
  await expect(page.getByTestId('import-file')).toHaveText('second-batch.csv')
  await expect(page.getByRole('combobox', { name: 'Customer' })).toHaveValue('')
  await expect(page.getByTestId('import-result')).toHaveCount(0)

  // Start over forgets it, also after another visit elsewhere.
  await choose(page, 'Lead category', 'Auto insurance')
  await expect(page.getByRole('table', { name: 'Column mapping' })).toBeVisible()
  await page.getByRole('button', { name: 'Start over' }).click()
  await expect(page.getByText('No file yet')).toBeVisible()
  await expect(page.getByTestId('import-file')).toHaveCount(0)
  await expect(page.getByRole('table', { name: 'Column mapping' })).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Start over' })).toHaveCount(0)
  await openScreen(page, 'Leads')
  await openScreen(page, 'Import')
  await expect(page.getByText('No file yet')).toBeVisible()
})
