import { XMLParser } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import { renderTemplate } from '../../../src/main/engine/template/render'
import { buildRequest } from '../../../src/main/engine/template/serialize'
import { applyTransform } from '../../../src/main/engine/template/transforms'
import { templateProblems } from '../../../src/main/engine/template/validate'
import { PII_FIELDS, type TemplateEntry, type Transform } from '../../../src/shared/domain/template'

const entry = (key: string, source: TemplateEntry['source'], value: string, more: Partial<TemplateEntry> = {}) =>
  ({ key, source, value, transform: null, fallback: null, ...more }) satisfies TemplateEntry

describe('transforms', () => {
  const cases: [unknown, Transform, unknown][] = [
    [true, { kind: 'boolean', words: 'Yes/No' }, 'Yes'],
    ['no', { kind: 'boolean', words: 'Yes/No' }, 'No'],
    ['1', { kind: 'boolean', words: 'true/false' }, 'true'],
    [false, { kind: 'boolean', words: '1/0' }, '0'],
    ['maybe', { kind: 'boolean', words: 'Yes/No' }, 'maybe'],
    ['1984-03-07', { kind: 'date', format: 'MM/DD/YYYY' }, '03/07/1984'],
    ['1984-03-07T23:30:00-08:00', { kind: 'date', format: 'YYYY-MM-DD' }, '1984-03-07'],
    ['3/7/1984', { kind: 'date', format: 'DD/MM/YYYY' }, '07/03/1984'],
    ['1984-03-07', { kind: 'date', format: 'YYYYMMDD' }, '19840307'],
    ['not a date', { kind: 'date', format: 'MM/DD/YYYY' }, 'not a date'],
    ['+15125550100', { kind: 'phone', format: '10_digits' }, '5125550100'],
    ['(512) 555-0100', { kind: 'phone', format: 'e164' }, '+15125550100'],
    ['512.555.0100', { kind: 'phone', format: 'us_pretty' }, '(512) 555-0100'],
    ['+44 20 7946 0958', { kind: 'phone', format: 'e164' }, '+442079460958'],
    ['ca', { kind: 'state', to: 'name' }, 'California'],
    ['new york', { kind: 'state', to: 'code' }, 'NY'],
    ['Narnia', { kind: 'state', to: 'code' }, 'Narnia'],
    ['Smith', { kind: 'case', to: 'upper' }, 'SMITH'],
    ['Excellent', { kind: 'map', values: { excellent: 'A', good: 'B' } }, 'A'],
    ['poor', { kind: 'map', values: { excellent: 'A' } }, 'poor'],
  ]
  it.each(cases)('%j through %j is %j', (value, transform, expected) => {
    expect(applyTransform(value, transform)).toBe(expected)
  })
})

describe('rendering a template', () => {
  const lead = { fields: { zip: '78701', email: 'a@b.c', vehicles: 2, county: '' }, lead: { uuid: 'u-1' } }

  it('nests dotted keys for JSON and XML, keeps them flat for forms, keeps types without a transform', () => {
    const t = { allFields: false, entries: [entry('geo.zip', 'field', 'zip'), entry('n', 'field', 'vehicles')] }
    expect(renderTemplate(t, lead, { nest: true })).toEqual({ geo: { zip: '78701' }, n: 2 })
    expect(renderTemplate(t, lead, { nest: false })).toEqual({ 'geo.zip': '78701', n: 2 })
  })

  it('leaves an empty value out unless the entry has a fallback; never sends an excluded field', () => {
    const t = {
      allFields: true,
      entries: [entry('county', 'field', 'county', { fallback: 'n/a' }), entry('mail', 'field', 'email')],
    }
    const out = renderTemplate(t, lead, { nest: true, excluded: (k) => PII_FIELDS.has(k) })
    expect(out).toEqual({ zip: '78701', vehicles: 2, county: 'n/a' })
  })
})

describe('writing the request', () => {
  it('escapes lead values in XML so they cannot open elements of their own', () => {
    const req = buildRequest({
      format: 'xml',
      method: 'POST',
      url: 'http://b.example/x',
      headers: {},
      values: { note: '</note><admin>1</admin> & co' },
      xmlRoot: 'lead',
    })
    expect(req.body).toContain('&lt;/note&gt;&lt;admin&gt;1&lt;/admin&gt; &amp; co')
    expect(new XMLParser().parse(req.body ?? '')).toMatchObject({ lead: { note: '</note><admin>1</admin> & co' } })
  })

  it('leaves out a key that is not an XML name instead of writing it into the markup', () => {
    const req = buildRequest({
      format: 'xml',
      method: 'POST',
      url: 'http://b.example/x',
      headers: {},
      values: { zip: '78701', 'a><evil>1</evil><b': 'x', 'two words': 'y' },
      xmlRoot: 'lead',
    })
    expect(req.body).toBe('<?xml version="1.0" encoding="UTF-8"?><lead><zip>78701</zip></lead>')
  })

  it('appends the query to the URL’s own, sends no body, and lets the operator’s headers win', () => {
    const req = buildRequest({
      format: 'query',
      method: 'GET',
      url: 'http://b.example/x?c=1',
      headers: { Accept: 'text/plain' },
      values: { a: 'x y', b: 2 },
      xmlRoot: 'lead',
    })
    expect(req).toEqual({
      method: 'GET',
      url: 'http://b.example/x?c=1&a=x+y&b=2',
      headers: { accept: 'text/plain' },
      body: null,
    })
  })
})

describe('validating a template', () => {
  const fields = new Map([
    ['zip', { types: new Set(['zip'] as const), deliverable: true }],
    ['dob', { types: new Set(['date'] as const), deliverable: false }],
  ])
  it('names each problem by its path', () => {
    const problems = templateProblems(
      {
        allFields: false,
        entries: [
          entry('zip', 'field', 'zip', { transform: { kind: 'phone', format: 'e164' } }),
          entry('zip', 'field', 'dob'),
          entry('ref', 'lead', 'ping_reference'),
          entry('k', 'fixed', 'x', { transform: { kind: 'date', format: 'MM/DD/YYYY' } }),
        ],
      },
      { format: 'json', fields, leadValues: ['uuid'], deliverableOnly: true },
      'p',
    )
    expect(problems).toEqual({
      'p.entries.0.transform': 'a phone format does not fit "zip" (zip)',
      'p.entries.1.key': '"zip" is sent twice',
      'p.entries.1.value': '"dob" is not deliverable: a customer never receives it',
      'p.entries.2.value': "Partner's ping reference is not known when this request is sent",
      'p.entries.3.transform': 'A fixed value is sent as written: change the value instead',
    })
  })
})
