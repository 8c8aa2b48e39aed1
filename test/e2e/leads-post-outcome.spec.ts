import { createServer, type Server } from 'node:http'
import type { Page } from '@playwright/test'
import { inTransaction } from '../../src/main/db/transaction'
import type { LeadlineApp } from '../../src/main/host/app'
import { docsScreenshot, type Host, test as base } from './fixtures'
import { LeadDetailPane, LeadsPage } from './pages/leads-page'
import { type ConsoleSeed, seedConsole } from './seed/console-seed'
import { prepareWorkspace, serveWorkspace } from './seed/workspace-file'

/** A partner that bids $12.50 on every ping and never answers a post: each post's outcome is unknown. */
async function hangingPartner(): Promise<{ url: string; posts: () => number; close: () => Promise<void> }> {
  let posts = 0
  const server: Server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      if (req.url === '/post') {
        posts++
        return
      }
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ accepted: true, price: 12.5, id: 'bid-1' }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    posts: () => posts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

interface Story {
  seed: ConsoleSeed
  /** Two leads whose post to Acme Exchange went out and never got an answer. */
  unknown: [number, number]
  postsSent: number
}

/**
 * The console workspace plus a ping/post partner put before bidding for out-of-state leads, and two
 * such leads distributed by the real engine: both end with a post whose outcome is unknown.
 */
async function story(app: LeadlineApp): Promise<Story> {
  const seed = await seedConsole(app)
  const partner = await hangingPartner()
  try {
    const now = Date.now()
    await inTransaction(app.services.deps.db, async (trx) => {
      const partnerId = (
        await trx
          .insertInto('partners')
          .values({
            name: 'Acme Exchange',
            ping_url: `${partner.url}/ping`,
            post_url: `${partner.url}/post`,
            timeout_ms: 300,
            created_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id
      const planId = (
        await trx
          .insertInto('distribution_plans')
          .values({
            name: 'Ping/post, then bid',
            stages: JSON.stringify([{ kind: 'pingpost', partnerIds: [partnerId] }, { kind: 'bidding' }]),
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id
      await trx.updateTable('lead_types').set({ plan_id: planId }).where('id', '=', seed.leadTypes.other).execute()
    })
    app.events.emit('changed', { areas: ['settings'] })
    const ingest = async (first: string, phone: string) =>
      (
        await app.services.distribution.ingest({
          sourceId: seed.sourceId,
          categorySlug: 'auto',
          fields: {
            first_name: first,
            last_name: 'Tran',
            email: `${first.toLowerCase()}@mail.test`,
            phone,
            state: 'TX',
            zip: '73301',
          },
        })
      ).id
    const unknown: [number, number] = [await ingest('Paula', '+15125550101'), await ingest('Quinn', '+15125550102')]
    return { seed, unknown, postsSent: partner.posts() }
  } finally {
    await partner.close()
  }
}

type StoryHost = Host & {
  story: Story
  one<T>(sql: string, ...params: unknown[]): Promise<T>
  query<T>(sql: string, ...params: unknown[]): Promise<T[]>
}

const test = base.extend<{ storyHost: StoryHost }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures declare their dependencies this way
  storyHost: async ({}, use) => {
    const admin = {
      workspaceName: 'Acme Leads',
      name: 'Setup Admin',
      email: 'setup@leadline.test',
      password: 'password123',
    }
    const { dir, workspace, seed } = await prepareWorkspace('leadline-post-outcome-', admin, story)
    const served = await serveWorkspace(dir, workspace)
    await use({ ...served, story: seed })
    await served.stop()
  },
})
const { expect } = test

/** Waits until the drawer has slid fully in (its top panel wholly on screen), so a screenshot shows it at rest. */
async function settled(page: Page): Promise<void> {
  await expect(page.getByTestId('unknown-post')).toBeInViewport({ ratio: 1 })
}

test('an operator settles unknown post outcomes, then a partner returns the lead it bought', async ({
  page,
  storyHost: host,
}) => {
  const [sold, notSold] = host.story.unknown
  expect(host.story.postsSent).toBe(2)
  expect(await host.query(`SELECT status FROM leads WHERE id IN (?, ?)`, sold, notSold)).toEqual([
    { status: 'Outcome Unknown' },
    { status: 'Outcome Unknown' },
  ])
  const leads = new LeadsPage(page)
  await leads.signInAs(host.url, 'Operator')

  // The queue: exactly the two leads waiting for a decision.
  await page.getByText('Post outcome unknown', { exact: true }).click()
  await expect(page.getByRole('checkbox', { name: 'Post outcome unknown only' })).toBeChecked()
  await leads.expectTotal(2)
  await expect(leads.row(sold)).toBeVisible()

  // Not sold: the lead goes on through its plan and the bid takes it.
  await leads.open(notSold)
  const detail = new LeadDetailPane(page, leads.detail)
  const panel = leads.detail.getByTestId('unknown-post')
  await expect(panel).toContainText('Post to Acme Exchange: outcome unknown')
  await expect(panel).toContainText('No usable answer: timed out after 300 ms')
  await expect(leads.detail).toContainText('post to Acme Exchange: outcome unknown — timed out after 300 ms')
  await expect(detail.action('Edit')).toHaveAttribute('aria-disabled', 'true')
  await settled(page)
  await page.screenshot({ path: docsScreenshot('leads-post-outcome-unknown-light.png') })
  await page.keyboard.press('Escape')
  await page.getByRole('button', { name: /Switch to dark theme/ }).click()
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark')
  await leads.open(notSold)
  await expect(panel).toBeVisible()
  await settled(page)
  await page.screenshot({ path: docsScreenshot('leads-post-outcome-unknown-dark.png') })
  await panel.getByRole('button', { name: 'Not sold' }).click()
  await leads.dialog('Not sold to Acme Exchange').getByRole('button', { name: 'Mark not sold and continue' }).click()
  await expect(leads.notification('Not sold to Acme Exchange; the lead is now Assigned')).toBeVisible()
  await detail.expectStatus('Assigned')
  expect(
    await host.one('SELECT status, customer_id AS c, charged_cents AS p FROM leads WHERE id = ?', notSold),
  ).toEqual({
    status: 'Assigned',
    c: host.story.seed.customers.blue,
    p: 1200,
  })

  // Sold: Posted at the partner's bid, which counts as its revenue.
  await page.keyboard.press('Escape')
  await leads.open(sold)
  await leads.detail.getByTestId('unknown-post').getByRole('button', { name: 'Sold to Acme Exchange' }).click()
  const soldDialog = leads.dialog('Sold to Acme Exchange')
  await expect(soldDialog.getByRole('textbox', { name: 'Price the partner pays' })).toHaveValue('$12.50')
  await soldDialog.getByRole('button', { name: 'Mark sold at $12.50' }).click()
  await expect(leads.notification('Lead marked sold to Acme Exchange')).toBeVisible()
  await detail.expectStatus('Posted')
  expect(await host.one('SELECT status, charged_cents AS p FROM leads WHERE id = ?', sold)).toEqual({
    status: 'Posted',
    p: 1250,
  })
  expect(await host.query('SELECT kind, amount_cents AS a FROM partner_ledger WHERE lead_id = ?', sold)).toEqual([
    { kind: 'sale', a: 1250 },
  ])

  // The partner gives part of it back: Returned, its revenue reversed by what it took back.
  await detail.action('Return').click()
  const ret = leads.dialog('Returned by Acme Exchange')
  await ret.getByRole('combobox', { name: 'Reason' }).click()
  await page.getByRole('option', { name: 'Wrong phone number' }).click()
  const amount = ret.getByRole('textbox', { name: 'Amount reversed' })
  await amount.fill('20')
  await ret.getByRole('button', { name: /Return and reverse/ }).click()
  await expect(ret.getByText('Enter an amount up to $12.50')).toBeVisible()
  await amount.fill('10')
  await ret.getByRole('button', { name: 'Return and reverse $10.00' }).click()
  await expect(leads.notification('Lead returned; $10.00 of Acme Exchange revenue reversed')).toBeVisible()
  await detail.expectStatus('Returned')
  await expect(leads.detail).toContainText('partner revenue reversed 10.00')
  await expect(detail.action('Return')).toHaveCount(0)
  expect(await host.one('SELECT status, return_reason AS r FROM leads WHERE id = ?', sold)).toEqual({
    status: 'Returned',
    r: 'Wrong phone number',
  })
  expect(
    await host.query('SELECT kind, amount_cents AS a FROM partner_ledger WHERE lead_id = ? ORDER BY id', sold),
  ).toEqual([
    { kind: 'sale', a: 1250 },
    { kind: 'return', a: -1000 },
  ])
  expect(
    await host.query(
      `SELECT action FROM audit_log WHERE action IN ('lead.post.sold', 'lead.post.not_sold', 'lead.return') ORDER BY id`,
    ),
  ).toEqual([{ action: 'lead.post.not_sold' }, { action: 'lead.post.sold' }, { action: 'lead.return' }])
})
