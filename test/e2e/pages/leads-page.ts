import { expect, type Locator, type Page } from '@playwright/test'
import { signIn } from '../fixtures'
import { SEED_PASSWORD, SEED_USERS } from '../seed/console-seed'

/** Locators and steps of the leads console, so specs read as what an operator does. */
export class LeadsPage {
  readonly search: Locator
  readonly total: Locator
  readonly detail: Locator
  readonly clientIp: Locator

  constructor(readonly page: Page) {
    this.clientIp = page.getByRole('textbox', { name: 'Client IP address' })
    this.search = page.getByRole('textbox', { name: 'Search leads' })
    this.total = page.getByTestId('leads-total')
    this.detail = page.getByTestId('lead-detail')
  }

  async signInAs(url: string, role: keyof typeof SEED_USERS): Promise<void> {
    await this.page.goto(url)
    await signIn(this.page, SEED_USERS[role], SEED_PASSWORD)
    await expect(this.page.getByRole('heading', { name: 'Leads', exact: true })).toBeVisible()
  }

  row(id: number): Locator {
    return this.page.getByTestId(`lead-row-${id}`)
  }

  rows(): Locator {
    return this.page.locator('[data-testid^="lead-row-"]')
  }

  async expectTotal(n: number): Promise<void> {
    await expect(this.total).toHaveText(`${n.toLocaleString('en-US')} lead${n === 1 ? '' : 's'}`)
  }

  async filterStatus(...statuses: string[]): Promise<void> {
    // The list stays open while options are picked.
    await this.page.getByRole('combobox', { name: 'Status' }).click()
    for (const s of statuses) await this.page.getByRole('option', { name: s, exact: true }).click()
    await this.page.keyboard.press('Escape')
    await this.settled()
  }

  /** The rows on screen belong to the current filter, sort and page (not the previous ones kept while loading). */
  async settled(): Promise<void> {
    await expect(this.page.locator('.leads-grid')).toHaveAttribute('aria-busy', 'false')
  }

  async open(id: number): Promise<void> {
    await this.row(id).click()
    await expect(this.detail).toBeVisible()
  }

  async select(id: number): Promise<void> {
    await this.row(id).getByRole('checkbox').check()
  }

  button(name: string | RegExp): Locator {
    return this.page.getByRole('button', { name })
  }

  /** A notification toast with this text. */
  notification(text: string | RegExp): Locator {
    return this.page.locator('.mantine-Notification-root').filter({ hasText: text })
  }

  dialog(name: string | RegExp): Locator {
    return this.page.getByRole('dialog', { name })
  }
}

/** The detail drawer's actions. */
export class LeadDetailPane {
  constructor(
    readonly page: Page,
    readonly root: Locator,
  ) {}

  action(name: string): Locator {
    return this.root.getByRole('button', { name, exact: true })
  }

  async moreAction(name: string): Promise<void> {
    await this.action('More actions').click()
    await this.page.getByRole('menuitem', { name }).click()
  }

  async expectStatus(status: string): Promise<void> {
    await expect(this.root.locator('.mantine-Badge-root').first()).toHaveText(status, { ignoreCase: true })
  }
}
