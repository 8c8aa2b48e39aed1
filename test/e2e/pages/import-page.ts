import { expect, type Page } from '@playwright/test'

/** Drags a file over the window and drops it, as the operating system would. */
export async function dropFile(page: Page, name: string, text: string): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ name, text }) => {
      // Runs in the page, where DataTransfer and File exist.
      const page = globalThis as unknown as {
        DataTransfer: new () => { items: { add(file: unknown): void } }
        File: new (parts: string[], name: string, options: { type: string }) => unknown
      }
      const dt = new page.DataTransfer()
      dt.items.add(new page.File([text], name, { type: 'text/csv' }))
      return dt
    },
    { name, text },
  )
  await page.dispatchEvent('main', 'dragenter', { dataTransfer })
  await expect(page.getByTestId('drop-overlay')).toBeVisible()
  await page.dispatchEvent('main', 'dragover', { dataTransfer })
  await page.dispatchEvent('main', 'drop', { dataTransfer })
}

/** Picks an option of a Mantine select by its accessible name. */
export async function choose(page: Page, label: string, option: string): Promise<void> {
  await page.getByRole('combobox', { name: label }).click()
  await page.getByRole('option', { name: option }).click()
}

/** Goes to a screen through the main navigation, as an operator would. */
export async function openScreen(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name, exact: true }).click()
}
