import type { APIRequestContext } from '@playwright/test'
import { LeadsPage } from './pages/leads-page'
import { SEED_PASSWORD, SEED_USERS } from './seed/console-seed'
import { expect, test } from './seed/seeded-host'

async function rpc<T>(request: APIRequestContext, url: string, method: string, input: unknown, token?: string) {
  const res = await request.post(`${url}/rpc/${method}`, {
    data: input,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  })
  const envelope = (await res.json()) as { ok: boolean; data: T; error?: { message: string } }
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error?.message}`)
  return envelope.data
}

test('a source pings, then posts the full lead; the operator sees it sold with both records', async ({
  page,
  request,
  seeded,
}) => {
  const { token } = await rpc<{ token: string }>(request, seeded.url, 'auth/login', {
    email: SEED_USERS.Admin,
    password: SEED_PASSWORD,
  })
  const { apiKey } = await rpc<{ apiKey: string }>(
    request,
    seeded.url,
    'sources/rotateKey',
    { id: seeded.seed.sourceId },
    token,
  )
  const headers = { 'x-api-key': apiKey, 'content-type': 'application/json' }

  const ping = await request.post(`${seeded.intakeUrl}/api/v1/ping`, {
    headers,
    data: { category: 'auto', state: 'CA', zip: '94110', vehicles: 2 },
  })
  expect(ping.status()).toBe(200)
  const quoted = (await ping.json()) as { ping_id: string; bid: number }
  expect(quoted.bid).toBe(15)

  const post = await request.post(`${seeded.intakeUrl}/api/v1/post`, {
    headers,
    data: {
      ping_id: quoted.ping_id,
      category: 'auto',
      first_name: 'Rosa',
      last_name: 'Intake',
      email: 'rosa.intake@example.com',
      phone: '(415) 555-0199',
      state: 'CA',
      zip: '94110',
      vehicles: 2,
    },
  })
  expect(post.status()).toBe(201)
  const sold = (await post.json()) as { uuid: string; status: string; price: number }
  expect(sold).toMatchObject({ status: 'Assigned', price: 15 })

  const refused = await request.post(`${seeded.intakeUrl}/api/v1/leads`, {
    headers: { ...headers, 'x-api-key': 'll_wrong' },
    data: { first_name: 'Nobody' },
  })
  expect(refused.status()).toBe(401)

  const { id } = await seeded.one<{ id: number }>('SELECT id FROM leads WHERE uuid = ?', sold.uuid)
  const leads = new LeadsPage(page)
  await leads.signInAs(seeded.url, 'Operator')
  await leads.search.fill('Rosa Intake')
  await leads.open(id)
  await expect(leads.detail).toContainText('Assigned')
  await expect(leads.detail.getByRole('button', { name: /^Ping · Web form/ })).toBeVisible()
  const postRecord = leads.detail.getByRole('button', { name: /^Post · Web form/ })
  await expect(postRecord).toBeVisible()
  await postRecord.click()
  await expect(page.getByTestId('pingpost-payload')).toContainText('rosa.intake@example.com')
})
