import { expect, type Locator, type Page } from '@playwright/test'
import { docsScreenshot } from './fixtures'

/** Locators and small steps of the settings, customers and sources screens. */

export async function setupAdmin(page: Page, url: string): Promise<void> {
  await page.goto(url)
  await page.getByLabel('Workspace name').fill('Sunrise Leads')
  await page.getByLabel('Your name').fill('Ada Admin')
  await page.getByLabel('Email').fill('ada@example.com')
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('correct horse')
  await page.getByLabel('Confirm password').fill('correct horse')
  await page.getByRole('button', { name: 'Create administrator' }).click()
  await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible()
}

export async function nav(page: Page, item: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: item }).click()
}

export async function settingsTab(page: Page, tab: string): Promise<void> {
  await page.getByRole('tab', { name: tab }).click()
  await expect(page.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true')
}

/** Opens a Mantine select (by its label, inside `scope`) and picks an option. */
export async function choose(page: Page, scope: Locator | Page, label: string, option: string): Promise<void> {
  await scope.getByRole('combobox', { name: label, exact: true }).click()
  await page.getByRole('option', { name: option, exact: true }).click()
}

export function dialog(page: Page): Locator {
  return page.getByRole('dialog')
}

export async function notified(page: Page, text: string | RegExp): Promise<void> {
  await expect(page.getByText(text).first()).toBeVisible()
}

/** A lead type card of the lead type editor. */
export function typeCard(page: Page, name: string): Locator {
  return page.getByRole('group', { name: `Lead type ${name}`, exact: true })
}

/** Adds one condition row to a card and fills it. */
export async function addCondition(
  page: Page,
  card: Locator,
  field: string,
  operator: string,
  value: string,
): Promise<void> {
  await card.getByRole('button', { name: 'Add condition' }).click()
  const row = card.getByTestId('condition-row').last()
  await choose(page, row, 'Field', field)
  await choose(page, row, 'Operator', operator)
  await row.getByLabel('Value', { exact: true }).fill(value)
}

/** A screenshot for docs/screenshots, without the passing confirmations in the corner. */
export async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({
    path: docsScreenshot(name),
    fullPage,
    style: '.mantine-Notifications-root { display: none !important; }',
  })
}
