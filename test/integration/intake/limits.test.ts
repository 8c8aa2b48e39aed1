import { describe, expect, it } from 'vitest'
import { DEFAULT_INTAKE_LIMITS } from '../../../src/shared/domain/config'
import { adminToken } from '../../support/workspace'
import { lead } from '../engine/seed'
import { intakeHarness, type IntakeHarness } from './harness'

async function setIntake(h: IntakeHarness, patch: Record<string, unknown>): Promise<void> {
  const token = await adminToken(h.app)
  const saved = await h.app.call(
    'intake/update',
    { enabled: true, port: 5181, host: '127.0.0.1', limits: DEFAULT_INTAKE_LIMITS, trustedProxies: [], ...patch },
    token,
  )
  if (!saved.ok) throw new Error(saved.error.message)
}

describe('intake limits', () => {
  it('refuses too many fields, long names, long values and lone surrogates with 422 naming the field, storing nothing', async () => {
    const h = await intakeHarness()
    const many = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`extra_${i}`, 'x']))
    const tooMany = await h.post('/api/v1/leads', { ...lead(), ...many })
    expect(tooMany).toMatchObject({
      status: 422,
      body: { error: 'validation', message: expect.stringContaining('200 fields') },
    })

    const longName = `k${'e'.repeat(64)}`
    const named = await h.post('/api/v1/leads', { ...lead(), [longName]: 'x' })
    expect(named).toMatchObject({ status: 422, body: { fields: { [longName]: expect.stringContaining('64') } } })

    const long = await h.post('/api/v1/leads', { ...lead(), notes: 'y'.repeat(10_001) })
    expect(long).toMatchObject({ status: 422, body: { fields: { notes: expect.stringContaining('10000') } } })
    const nested = await h.post('/api/v1/leads', { ...lead(), home: { owner: 'z'.repeat(10_001) } })
    expect(nested).toMatchObject({ status: 422, body: { fields: { 'home.owner': expect.any(String) } } })

    const lone = await h.post('/api/v1/leads', null, { raw: JSON.stringify({ ...lead(), last_name: 'Doe\ud800' }) })
    expect(lone).toMatchObject({ status: 422, body: { fields: { last_name: expect.stringContaining('surrogate') } } })
    const loneKey = await h.post('/api/v1/leads', null, { raw: `{"first_name":"Ann","\\udc00":"x"}` })
    expect(loneKey.status).toBe(422)
    const form = await h.post('/api/v1/leads', null, {
      contentType: 'application/x-www-form-urlencoded',
      raw: `first_name=Ann&notes=${'q'.repeat(10_001)}`,
    })
    expect(form).toMatchObject({ status: 422, body: { fields: { notes: expect.any(String) } } })
    expect(await h.leadCount()).toBe(0)

    // Within the limits (a well-formed pair of surrogates is an emoji, not a lone one) the lead is stored.
    const fine = await h.post('/api/v1/leads', { ...lead(), last_name: 'Doe 😀', notes: 'y'.repeat(10_000) })
    expect(fine.status).toBe(201)
    expect(await h.leadCount()).toBe(1)
  })

  it('takes the limits from the workspace settings', async () => {
    const h = await intakeHarness()
    await setIntake(h, { limits: { ...DEFAULT_INTAKE_LIMITS, maxValueLength: 100 } })
    const res = await h.post('/api/v1/leads', { ...lead(), notes: 'y'.repeat(101) })
    expect(res).toMatchObject({ status: 422, body: { fields: { notes: expect.stringContaining('100 characters') } } })
    expect(await h.leadCount()).toBe(0)
  })

  it('answers 429 with Retry-After past a source’s requests per second', async () => {
    const h = await intakeHarness()
    await setIntake(h, { limits: { ...DEFAULT_INTAKE_LIMITS, requestsPerSecond: 3 } })
    const answers = await Promise.all(Array.from({ length: 8 }, () => h.post('/api/v1/leads', lead())))
    const refused = answers.filter((a) => a.status === 429)
    expect(answers.filter((a) => a.status === 201).length).toBeLessThanOrEqual(3)
    expect(refused.length).toBeGreaterThanOrEqual(5)
    expect(Number(refused[0]?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(refused[0]?.body).toMatchObject({
      error: 'rate_limited',
      message: expect.stringContaining('3 requests per second'),
    })
    expect(await h.leadCount()).toBe(answers.length - refused.length)
  })
})
