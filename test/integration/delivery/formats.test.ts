import { XMLParser } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import type { TemplateEntry } from '../../../src/shared/domain/template'
import { localServer } from '../../support/local-server'
import { adminToken, testApp } from '../../support/workspace'
import { fails, ok } from '../settings/helpers'
import { seedAssignedLead } from './seed'

const entry = (key: string, source: TemplateEntry['source'], value: string, more: Partial<TemplateEntry> = {}) =>
  ({ key, source, value, transform: null, fallback: null, ...more }) satisfies TemplateEntry

/** A lead assigned to a customer whose webhook settings are then saved through the API (validated). */
async function assignedTo(delivery: unknown) {
  const app = await testApp()
  const token = await adminToken(app)
  const { leadId, customerId } = await seedAssignedLead(app, { method: 'none' })
  const result = await app.call('customers/update', { id: customerId, delivery }, token)
  return { app, token, leadId, customerId, result }
}

describe('customer webhooks in the customer’s format', () => {
  it('delivers form-encoded with the customer’s keys, fixed values and transforms, deliverable fields only', async () => {
    const customer = await localServer((r) =>
      r.headers['content-type'] === 'application/x-www-form-urlencoded' ? { text: 'OK' } : { status: 415, text: 'no' },
    )
    const { app, leadId, result } = await assignedTo({
      method: 'webhook',
      url: `${customer.url}/leads`,
      headers: { 'x-key': 'c-1' },
      request: {
        format: 'form',
        template: {
          allFields: false,
          entries: [
            entry('vendor', 'fixed', 'leadline'),
            entry('lead_id', 'lead', 'uuid'),
            entry('cost', 'lead', 'price'),
            entry('FirstName', 'field', 'first_name', { transform: { kind: 'case', to: 'upper' } }),
            entry('Email', 'field', 'email'),
            entry('Zip', 'field', 'zip'),
          ],
        },
      },
    })
    expect(result.ok).toBe(true)
    await app.services.delivery.enqueue(app.services.deps.db, leadId)
    await app.services.delivery.idle()

    const sent = customer.received[0]
    expect(sent?.body).toBe(
      'vendor=leadline&lead_id=lead-uuid-1&cost=15.00&FirstName=ANN&Email=ann%40example.com&Zip=94105',
    )
    expect(sent?.headers['x-key']).toBe('c-1')
    const [attempt] = (await app.services.delivery.list({ leadId, page: 1, pageSize: 5 })).rows
    expect(attempt).toMatchObject({ ok: true, request: sent?.body })
  })

  it('delivers XML under the customer’s root element, every field when asked, never an undeliverable one', async () => {
    const customer = await localServer((r) =>
      r.headers['content-type'] === 'application/xml' && r.method === 'PUT'
        ? { text: '<ok/>' }
        : { status: 415, text: 'no' },
    )
    const { app, leadId, result } = await assignedTo({
      method: 'webhook',
      url: customer.url,
      request: {
        format: 'xml',
        httpMethod: 'PUT',
        xmlRoot: 'Lead',
        template: {
          allFields: true,
          entries: [entry('Meta.Id', 'lead', 'uuid'), entry('Contact.Zip', 'field', 'zip')],
        },
      },
    })
    expect(result.ok).toBe(true)
    await app.services.delivery.enqueue(app.services.deps.db, leadId)
    await app.services.delivery.idle()

    const body = customer.received[0]?.body ?? ''
    expect(new XMLParser({ parseTagValue: false }).parse(body)).toEqual({
      '?xml': '',
      Lead: {
        first_name: 'Ann',
        email: 'ann@example.com',
        vehicles: '2',
        Meta: { Id: 'lead-uuid-1' },
        Contact: { Zip: '94105' },
      },
    })
    // Phone and credit score are not deliverable in the category; last name is not a field of it.
    expect(body).not.toMatch(/5551234567|710|Lee/)
    expect((await app.services.delivery.list({ leadId, page: 1, pageSize: 5 })).rows[0]?.ok).toBe(true)
  })

  it('refuses a webhook template naming an unknown or undeliverable field, and keeps the old settings', async () => {
    const webhook = (value: string) => ({
      method: 'webhook',
      url: 'http://customer.example/hook',
      request: { format: 'form', template: { allFields: false, entries: [entry('x', 'field', value)] } },
    })
    const { app, token, customerId, result } = await assignedTo(webhook('credit_score'))
    expect(result.ok).toBe(false)
    if (!result.ok)
      expect(result.error.fields).toEqual({
        'delivery.request.template.entries.0.value': '"credit_score" is not deliverable: a customer never receives it',
      })
    const unknown = await fails(
      app,
      'customers/update',
      { id: customerId, delivery: webhook('vehicle') },
      token,
      'VALIDATION',
    )
    expect(unknown.message).toBe('Webhook template, row 1: Unknown lead field "vehicle"')
    const customer = await ok<{ delivery: { method: string } }>(app, 'customers/get', { id: customerId }, token)
    expect(customer.delivery.method).toBe('none')
  })
})
