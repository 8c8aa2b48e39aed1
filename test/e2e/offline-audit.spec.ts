import { docsScreenshot } from './fixtures'
import { TeamPage } from './pages/team-page'
import { rpc } from './rpc'
import { DANA, expect, OPERATOR, PASSWORD, startClientHost, test } from './team/team-hosts'

test('offline Audit review: decisions wait in the outbox and reach the server on reconnection, a colleague’s first', async ({
  page,
  browser,
  team,
}) => {
  // My laptop reaches the server through a link the test can cut; Dana's directly.
  const { link } = team
  const mine = await startClientHost(link.url)
  const theirs = await startClientHost(team.url)
  const colleague = await browser.newContext()
  try {
    const me = new TeamPage(page)
    await me.signIn(mine.url, OPERATOR.email, PASSWORD)
    await me.openAudit()
    const [first, second, third] = team.seed.auditQueue
    await me.expectReviewing('Omar Haddad')
    // The client host caches the queue with each lead's detail once connected.
    await expect
      .poll(async () => (await rpc<{ auditCached: number }>(page, mine.url, 'client/status', {})).auditCached)
      .toBe(3)

    // The server stops: the app says so at once, and the cached queue keeps working by keyboard.
    link.cut()
    await team.stop()
    await expect(me.banner).toContainText(/Offline since \d\d:\d\d/)
    await expect(me.banner).toContainText('3 Audit leads cached')
    await expect(me.banner).toContainText('0 decisions waiting')
    await page.keyboard.press('a')
    await me.expectReviewing('Ravi Shah')
    await page.keyboard.press('a')
    await me.expectReviewing('Lena Fischer')
    await expect(me.banner).toContainText('2 decisions waiting')
    await page.screenshot({ path: docsScreenshot('offline-banner.png') })
    await me.rejectByKeyboard('Phone number belongs to someone else')
    await expect(me.banner).toContainText('3 decisions waiting')
    await expect(page.getByText('Nothing to review')).toBeVisible()
    await page.getByRole('link', { name: 'Leads' }).click()
    await expect(page.getByText(/needs the team server; you are offline since/)).toBeVisible()
    await page.getByRole('link', { name: 'Audit' }).click()

    // Meanwhile the server is back and Dana approves the first of the same leads.
    await team.restart()
    const dana = new TeamPage(await colleague.newPage())
    await dana.signIn(theirs.url, DANA.email, PASSWORD)
    await dana.openAudit()
    await dana.expectReviewing('Omar Haddad')
    await dana.page.keyboard.press('a')
    await dana.expectReviewing('Ravi Shah')
    expect(await team.one('SELECT status FROM leads WHERE id = ?', first)).toEqual({ status: 'Assigned' })

    // My link is back: two of mine are applied, the third was Dana's.
    link.restore()
    await expect(me.banner).toHaveCount(0, { timeout: 20_000 })
    await expect(me.sent('applied')).toHaveCount(2)
    await expect(me.sent('conflict')).toHaveCount(1)
    await expect(me.sent('conflict')).toContainText(new RegExp(`Already approved by ${DANA.name} at \\d\\d:\\d\\d`))
    await me.sentDecisions.scrollIntoViewIfNeeded()
    await page.screenshot({ path: docsScreenshot('offline-conflicts.png') })

    // Exactly one decision per lead, and one activity entry each.
    for (const [id, who, decision] of [
      [first, DANA.name, 'approve'],
      [second, OPERATOR.name, 'approve'],
      [third, OPERATOR.name, 'reject'],
    ] as const) {
      expect(await team.query('SELECT user_name, decision FROM audit_decisions WHERE lead_id = ?', id)).toEqual([
        { user_name: who, decision },
      ])
      const { uuid } = await team.one<{ uuid: string }>('SELECT uuid FROM leads WHERE id = ?', id)
      expect(
        await team.query(
          `SELECT action FROM audit_log WHERE target_type = 'lead' AND target_id = ? AND action LIKE 'lead.audit.%'`,
          uuid,
        ),
      ).toEqual([{ action: `lead.audit.${decision}` }])
    }
    expect(await team.one('SELECT status FROM leads WHERE id = ?', third)).toEqual({ status: 'Unassigned' })
  } finally {
    await colleague.close()
    await mine.close()
    await theirs.close()
  }
})
