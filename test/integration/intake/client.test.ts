import { describe, expect, it } from 'vitest'
import { DEFAULT_INTAKE_LIMITS } from '../../../src/shared/domain/config'
import { adminToken } from '../../support/workspace'
import { lead } from '../engine/seed'
import { intakeHarness, type IntakeHarness } from './harness'

function client(h: IntakeHarness, uuid: unknown) {
  return h.app.services.deps.db
    .selectFrom('leads')
    .select(['client_ip', 'user_agent', 'status', 'details'])
    .where('uuid', '=', String(uuid))
    .executeTakeFirst()
}

describe('the client of an intake request', () => {
  it('records the request’s address and user agent, believing X-Forwarded-For only from trusted proxies', async () => {
    const h = await intakeHarness()
    const headers = { 'user-agent': 'LeadForm/2.1', 'x-forwarded-for': '203.0.113.9' }
    const direct = await h.post('/api/v1/leads', lead(), { headers })
    expect(await client(h, direct.body.uuid)).toMatchObject({ client_ip: '127.0.0.1', user_agent: 'LeadForm/2.1' })

    const token = await adminToken(h.app)
    const saved = await h.app.call(
      'intake/update',
      { enabled: true, port: 5181, host: '127.0.0.1', limits: DEFAULT_INTAKE_LIMITS, trustedProxies: ['127.0.0.1'] },
      token,
    )
    expect(saved.ok).toBe(true)
    const proxied = await h.post('/api/v1/leads', lead(), { headers })
    expect(await client(h, proxied.body.uuid)).toMatchObject({ client_ip: '203.0.113.9', user_agent: 'LeadForm/2.1' })
  })

  it('takes the consumer’s ip_address and user_agent from the source, as metadata rather than fields', async () => {
    const h = await intakeHarness()
    const res = await h.post('/api/v1/leads', {
      ...lead(),
      ip_address: '198.51.100.7',
      user_agent: 'Mozilla/5.0 (Consumer)',
    })
    const row = await client(h, res.body.uuid)
    expect(row).toMatchObject({ client_ip: '198.51.100.7', user_agent: 'Mozilla/5.0 (Consumer)' })
    expect(Object.keys(JSON.parse(row?.details ?? ''))).not.toContain('ip_address')
    const bad = await h.post('/api/v1/leads', { ...lead(), ip_address: 'not an address' })
    expect(bad).toMatchObject({ status: 422, body: { fields: { ip_address: expect.any(String) } } })
    expect(await h.leadCount()).toBe(1)
  })

  it('lets an audit condition test the client’s address', async () => {
    const h = await intakeHarness()
    await h.app.services.deps.db
      .updateTable('categories')
      .set({
        audit_rule: JSON.stringify({
          conditions: { match: 'all', conditions: [{ field: 'ip_address', op: 'equals', value: '192.0.2.66' }] },
          sourceIds: [],
          samplePercent: 0,
        }),
      })
      .execute()
    h.app.events.emit('changed', { areas: ['settings'] })
    const held = await h.post('/api/v1/leads', { ...lead(), ip_address: '192.0.2.66' })
    expect(held).toMatchObject({ status: 201, body: { status: 'Audit' } })
    const passed = await h.post('/api/v1/leads', { ...lead(), ip_address: '192.0.2.67' })
    expect(passed).toMatchObject({ status: 201, body: { status: 'Assigned' } })
  })
})
