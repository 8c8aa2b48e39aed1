import { expect, type Locator, type Page } from '@playwright/test'
import { signIn } from '../fixtures'

/** What an operator of a team server sees: the header, the offline banner, the Audit queue and its sent decisions. */
export class TeamPage {
  readonly banner: Locator
  readonly server: Locator
  readonly auditItem: Locator
  readonly sentDecisions: Locator
  /** "Dana Reviewer is reviewing this lead too" on the Audit item. */
  readonly presence: Locator

  constructor(readonly page: Page) {
    this.banner = page.getByTestId('offline-banner')
    this.server = page.getByTestId('workspace-server')
    this.auditItem = page.getByTestId('audit-item')
    this.sentDecisions = page.getByTestId('sent-decisions')
    this.presence = page.getByTestId('audit-presence')
  }

  async signIn(url: string, email: string, password: string): Promise<void> {
    await this.page.goto(url)
    await signIn(this.page, email, password)
  }

  async openAudit(): Promise<void> {
    await this.page.getByRole('link', { name: 'Audit' }).click()
    await expect(this.auditItem).toBeVisible()
  }

  /** Straight to the Audit queue (whatever drawer or form is open). */
  async gotoAudit(url: string): Promise<void> {
    await this.page.goto(`${url}/#/audit`)
    await expect(this.auditItem).toBeVisible()
  }

  /** The Audit item on screen, by the lead's name. */
  async expectReviewing(name: string): Promise<void> {
    await expect(this.auditItem).toContainText(name)
  }

  async rejectByKeyboard(reason: string): Promise<void> {
    await this.page.keyboard.press('r')
    await expect(this.page.getByRole('textbox', { name: 'Why is it rejected?' })).toBeFocused()
    await this.page.keyboard.type(reason)
    await this.page.keyboard.press('Enter')
    await expect(this.page.getByRole('dialog', { name: 'Reject lead' })).toHaveCount(0)
  }

  sent(outcome: 'applied' | 'conflict'): Locator {
    return this.sentDecisions.locator(`[data-testid="sent-decision"][data-outcome="${outcome}"]`)
  }

  row(id: number): Locator {
    return this.page.getByTestId(`lead-row-${id}`)
  }
}
