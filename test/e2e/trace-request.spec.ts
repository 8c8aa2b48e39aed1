import { type LocalServer, startLocalServer } from '../support/endpoint'
import { expect, test } from './fixtures'
import { rpc } from './rpc'
import { LeadsPage } from './pages/leads-page'
import { nav, setupAdmin, shot } from './settings-pages'

let buyer: LocalServer | null = null
test.afterEach(async () => {
  await buyer?.close()
  buyer = null
})

/** A form-encoded buyer that bids $18 on every ping and accepts every post; it keeps what it received. */
async function formBuyer(): Promise<LocalServer> {
  buyer = await startLocalServer((r) => ({
    body: r.path === '/ping' ? { accepted: true, price: 18, id: 'tp-1' } : { accepted: true },
  }))
  return buyer
}

const entry = (key: string, source: 'field' | 'fixed' | 'lead', value: string) => ({
  key,
  source,
  value,
  transform: null,
  fallback: null,
})

test('a ping/post step of the trace opens onto the exact request the partner received', async ({ page, host }) => {
  const endpoint = await formBuyer()
  await setupAdmin(page, host.url)
  const category = await rpc<{ id: number }>(page, host.url, 'categories/create', { name: 'Home', slug: 'home' })
  await rpc(page, host.url, 'leadTypes/create', { categoryId: category.id, name: 'Any', isFallback: true })
  const partner = await rpc<{ id: number }>(page, host.url, 'partners/create', {
    name: 'Form buyer',
    pingUrl: `${endpoint.url}/ping`,
    postUrl: `${endpoint.url}/post`,
    headers: { 'X-Api-Key': 'fb-key' },
    request: {
      format: 'form',
      ping: { allFields: false, entries: [entry('api_key', 'fixed', 'k-1'), entry('zip', 'field', 'zip')] },
      post: {
        allFields: false,
        entries: [
          entry('api_key', 'fixed', 'k-1'),
          entry('ping_id', 'lead', 'ping_reference'),
          entry('name', 'field', 'first_name'),
          entry('email', 'field', 'email'),
        ],
      },
    },
    minPriceCents: 100,
  })
  const plan = await rpc<{ id: number }>(page, host.url, 'plans/create', {
    name: 'Partners',
    stages: [{ kind: 'pingpost', partnerIds: [partner.id] }],
  })
  await rpc(page, host.url, 'categories/update', { id: category.id, defaultPlanId: plan.id })
  const { apiKey } = await rpc<{ apiKey: string }>(page, host.url, 'sources/create', {
    name: 'Quote form',
    defaultCategoryId: category.id,
  })
  const posted = await page.request.post(`${host.intakeUrl}/api/v1/leads`, {
    headers: { 'X-Api-Key': apiKey },
    data: {
      first_name: 'Tess',
      last_name: 'Trace',
      email: 'tess+t@example.com',
      phone: '(512) 555-0101',
      zip: '78701',
    },
  })
  expect(posted.status()).toBe(201)
  const sentPing = endpoint.received.find((r) => r.path === '/ping')?.body ?? ''
  const sentPost = endpoint.received.find((r) => r.path === '/post')?.body ?? ''
  expect(sentPost).toBe('api_key=k-1&ping_id=tp-1&name=Tess&email=tess%2Bt%40example.com')

  await nav(page, 'Leads')
  const leads = new LeadsPage(page)
  await leads.search.fill('Tess Trace')
  await expect(leads.rows()).toHaveCount(1)
  await leads.rows().first().click()
  await expect(leads.detail).toContainText('Posted')
  const trace = leads.detail.getByTestId('decision-trace')

  // The post keeps its request in the trace itself: the exact body, headers and where it went.
  const post = trace.getByTestId('trace-request').filter({ hasText: 'Post request' })
  await post.getByText('Post request').click()
  await expect(post).toContainText(`Sent · POST ${endpoint.url}/post`)
  await expect(post).toContainText(sentPost)
  await expect(post).toContainText('content-type: application/x-www-form-urlencoded')
  await expect(post).toContainText('x-api-key: fb-key')
  await expect(post).toContainText('Answer · HTTP 200')

  // A ping reads its request from the record the trace line names.
  const ping = trace.getByTestId('trace-request').filter({ hasText: 'Ping request' })
  await ping.getByText('Ping request').click()
  await expect(ping).toContainText(`Sent · POST ${endpoint.url}/ping`)
  await expect(ping).toContainText(sentPing)
  await expect(ping).toContainText('"price": 18')
  await post.scrollIntoViewIfNeeded()
  await shot(page, 'leads-trace-request-light.png')
  await page.evaluate("document.documentElement.setAttribute('data-mantine-color-scheme', 'dark')")
  await shot(page, 'leads-trace-request-dark.png')
})
