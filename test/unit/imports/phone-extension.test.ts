import { describe, expect, it } from 'vitest'
import type { DeliverableLead } from '../../../src/main/db/repositories/deliveries'
import { deliveryPayload } from '../../../src/main/services/delivery/payload'

const lead = (values: Record<string, unknown>) =>
  ({ uuid: 'u-1', categorySlug: 'auto', chargedCents: 1500, assignedAt: 0, values }) as unknown as DeliverableLead

describe('a phone extension in deliveries', () => {
  it('travels with a deliverable phone', () => {
    const payload = deliveryPayload(lead({ phone: '+14155550100', phone_ext: '123', email: 'a@b.co' }), [
      'phone',
      'email',
    ])
    expect(payload.fields).toEqual({ phone: '+14155550100', phone_ext: '123', email: 'a@b.co' })
  })

  it('stays home when the phone is not deliverable', () => {
    const payload = deliveryPayload(lead({ phone: '+14155550100', phone_ext: '123', email: 'a@b.co' }), ['email'])
    expect(payload.fields).toEqual({ email: 'a@b.co' })
  })
})
