import { expect, type Locator, type Page } from '@playwright/test'

/** Locators and steps of the reports dashboard. */
export class ReportsPage {
  readonly heading: Locator
  readonly reasons: Locator
  readonly forecast: Locator
  readonly breakdown: Locator

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Reports', exact: true })
    this.reasons = page.getByTestId('unsold-reasons')
    this.forecast = page.getByTestId('forecast')
    this.breakdown = page.getByTestId('breakdown')
  }

  async choose(preset: string): Promise<void> {
    await this.page.getByText(preset, { exact: true }).click()
    await this.settled()
  }

  /** Every panel has answered for the chosen period. */
  async settled(): Promise<void> {
    await expect(this.page.getByTestId('stat-received').getByTestId('stat-value')).toBeVisible()
    await expect(this.page.locator('[data-report-loading="true"]')).toHaveCount(0)
  }

  stat(key: string): Locator {
    return this.page.getByTestId(`stat-${key}`).getByTestId('stat-value')
  }

  reason(reason: string): Locator {
    return this.page.getByTestId(`reason-${reason}`)
  }

  /** The period the rollups counted, as the dashboard states it (epoch ms, `to` exclusive). */
  async period(): Promise<{ from: number; to: number }> {
    const from = Number(await this.reasons.getAttribute('data-from'))
    const to = Number(await this.reasons.getAttribute('data-to'))
    return { from, to }
  }
}
