import { describe, expect, it } from 'vitest'
import { partnerResponseSchema } from '../../../src/shared/domain/config'
import { parseAnswer } from '../../../src/main/services/partners/response'

const json = (extra: Record<string, unknown> = {}) => partnerResponseSchema.parse({ format: 'json', ...extra })
const regex = (extra: Record<string, unknown>) => partnerResponseSchema.parse({ format: 'regex', ...extra })

describe('reading partner answers', () => {
  it.each([
    ['defaults: accepted/price/id', json(), '{"accepted":true,"price":12.5,"id":"r1"}', true, 1250, 'r1'],
    ['string price with a dollar sign', json(), '{"accepted":true,"price":"$1,012.50"}', true, 101250, null],
    ['price already in cents', json({ priceUnit: 'cents' }), '{"accepted":1,"price":725}', true, 725, null],
    [
      'nested paths',
      json({
        acceptedPath: 'result.status',
        acceptedValue: 'ok',
        pricePath: 'result.bid.amount',
        referencePath: 'result.ref',
      }),
      '{"result":{"status":"OK","bid":{"amount":9},"ref":77}}',
      true,
      900,
      '77',
    ],
    [
      'a value that is not the accepted one',
      json({ acceptedPath: 'status', acceptedValue: 'accepted' }),
      '{"status":"rejected"}',
      false,
      null,
      null,
    ],
    ['"false" as text is a no', json(), '{"accepted":"false"}', false, null, null],
    [
      'regex with groups',
      regex({ acceptedPattern: '^OK', pricePattern: 'price=([\\d.]+)', referencePattern: 'id=(\\w+)' }),
      'OK price=4.20 id=abc',
      true,
      420,
      'abc',
    ],
    ['regex that does not match', regex({ acceptedPattern: '^OK' }), 'NO thanks', false, null, null],
  ])('%s', (_name, config, body, accepted, priceCents, reference) => {
    const answer = parseAnswer(body, config)
    expect(answer).toMatchObject({ accepted, priceCents, reference })
  })

  it.each([
    ['not JSON', json(), '<html>', 'the answer is not JSON'],
    ['JSON but not an object', json(), '"yes"', 'the answer is not a JSON object'],
    ['no accepted flag', json(), '{"price":3}', 'the answer has no "accepted"'],
    [
      'a broken pattern',
      regex({ acceptedPattern: '(' }),
      'OK',
      'the accepted pattern is not a valid regular expression',
    ],
  ])('calls an answer malformed when it is %s', (_name, config, body, problem) => {
    expect(parseAnswer(body, config)).toMatchObject({ accepted: null, problem })
  })

  it('flags a price that is not a number', () => {
    expect(parseAnswer('{"accepted":true,"price":"lots"}', json())).toMatchObject({
      accepted: true,
      priceCents: null,
      priceInvalid: true,
    })
  })
})
