import { LeadDetailPane, LeadsPage } from './pages/leads-page'
import { TeamPage } from './pages/team-page'
import { rpc } from './rpc'
import { DANA, expect, OPERATOR, PASSWORD, startClientHost, test } from './team/team-hosts'

test('two operators on one team server through their client hosts: live updates and an edit conflict', async ({
  page,
  browser,
  team,
}) => {
  const mine = await startClientHost(team.url)
  const theirs = await startClientHost(team.url)
  const colleague = await browser.newContext()
  try {
    const me = new TeamPage(page)
    await me.signIn(mine.url, OPERATOR.email, PASSWORD)
    await expect(me.server).toHaveText(team.url)
    await expect(page).toHaveTitle(new RegExp(team.url.replace(/[.:/]/g, '\\$&')))
    const dana = new TeamPage(await colleague.newPage())
    await dana.signIn(theirs.url, DANA.email, PASSWORD)

    // Dana returns a lead; my table shows it without a reload.
    const { assigned } = team.seed.leads
    const myLeads = new LeadsPage(page)
    await expect(myLeads.row(assigned)).toContainText('Assigned')
    const danaLeads = new LeadsPage(dana.page)
    await danaLeads.open(assigned)
    await new LeadDetailPane(dana.page, danaLeads.detail).action('Return').click()
    const dialog = danaLeads.dialog('Return lead')
    await dialog.getByRole('combobox', { name: 'Reason' }).click()
    await dana.page.getByRole('option', { name: 'Invalid email' }).click()
    await dialog.getByRole('button', { name: /Return and credit/ }).click()
    await expect(danaLeads.notification(/Lead returned/)).toBeVisible()
    await expect(myLeads.row(assigned)).toContainText('Returned')

    // I edit a lead Dana changes meanwhile: my save is refused with who did it.
    const id = team.seed.leads.unassigned[1] as number
    await myLeads.open(id)
    await new LeadDetailPane(page, myLeads.detail).action('Edit').click()
    const form = page.getByRole('form', { name: 'Edit lead' })
    await form.getByRole('textbox', { name: 'City' }).fill('Springfield')
    await rpc(dana.page, theirs.url, 'leads/edit', { id, contact: { city: 'Shelbyville' } })
    await form.getByRole('button', { name: 'Save' }).click()
    const conflict = form.getByTestId('edit-conflict')
    await expect(conflict).toContainText('Changed since you opened it')
    await expect(conflict).toContainText(DANA.name)
    expect(await team.one('SELECT city FROM leads WHERE id = ?', id)).toEqual({ city: 'Shelbyville' })

    // In the Audit queue, the lead Dana has open is marked on my screen, and unmarked when she moves on.
    await me.gotoAudit(mine.url)
    await me.expectReviewing('Omar Haddad')
    await expect(me.presence).toHaveCount(0)
    await dana.gotoAudit(theirs.url)
    await dana.expectReviewing('Omar Haddad')
    await expect(me.presence).toHaveText(`${DANA.name} is reviewing this lead too`)
    await dana.page.keyboard.press('ArrowRight')
    await dana.expectReviewing('Ravi Shah')
    await expect(me.presence).toHaveCount(0)
  } finally {
    await colleague.close()
    await mine.close()
    await theirs.close()
  }
})
