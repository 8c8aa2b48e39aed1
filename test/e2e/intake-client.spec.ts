import type { APIRequestContext } from '@playwright/test'
import { LeadsPage } from './pages/leads-page'
import { SEED_PASSWORD, SEED_USERS } from './seed/console-seed'
import { expect, test } from './seed/seeded-host'

async function sourceKey(request: APIRequestContext, url: string, sourceId: number): Promise<string> {
  const call = async <T>(method: string, input: unknown, token?: string) => {
    const res = await request.post(`${url}/rpc/${method}`, {
      data: input,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    })
    const envelope = (await res.json()) as { ok: boolean; data: T; error?: { message: string } }
    if (!envelope.ok) throw new Error(`${method}: ${envelope.error?.message}`)
    return envelope.data
  }
  const { token } = await call<{ token: string }>('auth/login', { email: SEED_USERS.Admin, password: SEED_PASSWORD })
  return (await call<{ apiKey: string }>('sources/rotateKey', { id: sourceId }, token)).apiKey
}

test('the intake request’s IP address and user agent show in the lead’s metadata and filter the table', async ({
  page,
  request,
  seeded,
}) => {
  const apiKey = await sourceKey(request, seeded.url, seeded.seed.sourceId)
  // A form post, as many sources send; X-Forwarded-For from an untrusted client is not believed.
  const direct = await request.post(`${seeded.intakeUrl}/api/v1/leads`, {
    headers: {
      'x-api-key': apiKey,
      'user-agent': 'QuoteForm/3.1 (e2e)',
      'x-forwarded-for': '203.0.113.250',
    },
    form: {
      category: 'auto',
      first_name: 'Iris',
      last_name: 'Address',
      email: 'iris.address@example.com',
      phone: '(415) 555-0177',
      state: 'CA',
      zip: '94110',
    },
  })
  expect(direct.status()).toBe(201)
  const { uuid } = (await direct.json()) as { uuid: string }
  const stored = await seeded.one<{ id: number; client_ip: string }>(
    'SELECT id, client_ip FROM leads WHERE uuid = ?',
    uuid,
  )
  expect(stored.client_ip).toBe('127.0.0.1')

  // The consumer's own address, sent by the source.
  const relayed = await request.post(`${seeded.intakeUrl}/api/v1/leads`, {
    headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
    data: {
      category: 'auto',
      first_name: 'Otto',
      last_name: 'Address',
      email: 'otto.address@example.com',
      phone: '(415) 555-0178',
      state: 'CA',
      zip: '94110',
      ip_address: '198.51.100.23',
      user_agent: 'Mozilla/5.0 (Consumer phone)',
    },
  })
  expect(relayed.status()).toBe(201)
  const other = await seeded.one<{ id: number }>(
    'SELECT id FROM leads WHERE uuid = ?',
    ((await relayed.json()) as { uuid: string }).uuid,
  )

  const leads = new LeadsPage(page)
  await leads.signInAs(seeded.url, 'Operator')
  await leads.search.fill('Address')
  await leads.open(stored.id)
  const metadata = leads.detail.getByRole('region', { name: 'Metadata' }).or(leads.detail)
  await expect(metadata).toContainText('IP address127.0.0.1')
  await expect(metadata).toContainText('QuoteForm/3.1 (e2e)')
  await page.screenshot({ path: 'test-results/intake-client-detail.png' })
  await page.keyboard.press('Escape')

  await leads.clientIp.fill('198.51.100.')
  await expect(leads.row(other.id)).toBeVisible()
  await expect(leads.row(stored.id)).toHaveCount(0)
  await leads.open(other.id)
  await expect(leads.detail).toContainText('198.51.100.23')
  await expect(leads.detail).toContainText('Mozilla/5.0 (Consumer phone)')
})
