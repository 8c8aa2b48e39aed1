import { docsScreenshot, expect, signIn, test } from './fixtures'

test('a new workspace creates its first Admin, signs in and shows the shell', async ({ page, host }) => {
  await page.goto(host.url)
  await expect(page.getByRole('heading', { name: 'Set up your workspace' })).toBeVisible()

  // The form explains what is wrong before anything is sent.
  await page.getByRole('button', { name: 'Create administrator' }).click()
  await expect(page.getByText('Enter your name')).toBeVisible()

  await page.getByLabel('Workspace name').fill('Acme Leads')
  await page.getByLabel('Your name').fill('Ada Admin')
  await page.getByLabel('Email').fill('ada@example.com')
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('correct horse')
  await page.getByLabel('Confirm password').fill('correct horse')
  await page.getByRole('button', { name: 'Create administrator' }).click()

  const nav = page.getByRole('navigation', { name: 'Main navigation' })
  await expect(nav).toBeVisible()
  for (const item of ['Leads', 'Audit', 'Marketplace', 'Customers', 'Sources', 'Settings']) {
    await expect(nav.getByRole('link', { name: item })).toBeVisible()
  }
  await expect(page.getByTestId('workspace-name')).toHaveText('Acme Leads')
  await page.screenshot({ path: docsScreenshot('shell-light.png') })

  // Sign out, then back in with the same account.
  await page.getByRole('button', { name: 'Account' }).click()
  await page.getByRole('menuitem', { name: 'Sign out' }).click()
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()
  await page.getByLabel('Email').fill('ada@example.com')
  await page.getByRole('textbox', { name: 'Password' }).fill('wrong password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('alert')).toHaveText('Email or password is wrong')
  await signIn(page, 'ada@example.com', 'correct horse')

  // Theme toggle switches to dark and the choice survives a reload.
  await page.getByRole('button', { name: /Switch to dark theme/ }).click()
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark')
  await page.reload()
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark')
  await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible()
  await page.screenshot({ path: docsScreenshot('shell-dark.png') })
})
