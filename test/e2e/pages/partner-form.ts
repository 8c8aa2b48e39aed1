import { expect, type Locator, type Page } from '@playwright/test'

/** The partner form and its template editor, so specs read as what an operator does. */
export class PartnerForm {
  readonly root: Locator
  readonly test: Locator

  constructor(readonly page: Page) {
    this.root = page.getByRole('dialog', { name: /New partner|Edit / })
    this.test = page.getByRole('dialog', { name: /^Test (ping|post)/ })
  }

  async choose(label: string, option: string, scope: Locator = this.root): Promise<void> {
    await scope.getByRole('combobox', { name: label, exact: true }).click()
    await this.page.getByRole('option', { name: option, exact: true }).click()
  }

  template(kind: 'Ping' | 'Post'): Locator {
    return this.root.getByRole('table', { name: `${kind} template` })
  }

  async openTemplate(kind: 'Ping' | 'Post'): Promise<void> {
    await this.root.getByRole('tab', { name: new RegExp(`^${kind} template`) }).click()
    await expect(this.template(kind)).toBeVisible()
  }

  /** Fills the value of the row whose key is `key` (a fixed value). */
  async setFixed(kind: 'Ping' | 'Post', row: number, value: string): Promise<void> {
    await this.template(kind).getByLabel(`Value ${row}`, { exact: true }).fill(value)
  }

  /** Adds a row: key, a lead field and a transform option. */
  async addFieldRow(kind: 'Ping' | 'Post', key: string, field: string, transform?: string): Promise<void> {
    await this.root.getByRole('button', { name: 'Add key' }).click()
    const table = this.template(kind)
    const n = await table.locator('[data-testid^="template-row-"]').count()
    await table.getByLabel(`Key ${n}`, { exact: true }).fill(key)
    await this.choose(`Value ${n}`, field, table)
    if (transform) await this.choose(`Transform ${n}`, transform, table)
  }
}
