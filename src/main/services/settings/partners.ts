import { conflict, notFound } from '../../../shared/api/errors'
import type { PartnerDef, TestPingResult } from '../../../shared/api/settings/partners'
import { PartnersRepository, type PartnerWrite } from '../../db/repositories/config/partners'
import { PlansRepository } from '../../db/repositories/config/plans'
import type { Actor } from '../deps'
import { pingPartner } from '../partners/client'
import { pingPayload } from '../partners/pingpost'
import type { ConfigContext } from './context'

/** The lead a test ping carries when the operator gives none: plausible, obviously not a person. */
export const SAMPLE_LEAD: Record<string, unknown> = {
  first_name: 'Test',
  last_name: 'Lead',
  email: 'test.lead@example.com',
  phone: '+15555550100',
  address: '1 Example Street',
  city: 'Springfield',
  county: 'Sangamon',
  state: 'IL',
  zip: '62701',
}

export class PartnersSettings {
  private readonly repo: PartnersRepository

  constructor(
    private readonly ctx: ConfigContext,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    this.repo = new PartnersRepository(ctx.deps.store)
  }

  list(): PartnerDef[] {
    return this.repo.list()
  }

  get(id: number): PartnerDef {
    const p = this.repo.byId(id)
    if (!p) throw notFound('Partner')
    return p
  }

  create(actor: Actor, input: PartnerWrite): PartnerDef {
    return this.ctx.write(['partners', 'plans'], () => {
      const id = this.repo.insert(input, this.ctx.now())
      const after = this.get(id)
      this.ctx.audit(
        actor,
        'partner.create',
        { type: 'partner', id },
        `Created partner ${after.name}`,
        undefined,
        after,
      )
      return after
    })
  }

  update(actor: Actor, id: number, input: PartnerWrite): PartnerDef {
    return this.ctx.write(['partners', 'plans'], () => {
      const before = this.get(id)
      this.repo.update(id, input)
      const after = this.get(id)
      this.ctx.audit(actor, 'partner.update', { type: 'partner', id }, `Changed partner ${after.name}`, before, after)
      return after
    })
  }

  delete(actor: Actor, id: number): null {
    return this.ctx.write(['partners', 'plans'], () => {
      const before = this.get(id)
      // A plan naming the partner would post to nobody; say which plans to change first.
      const users = new PlansRepository(this.ctx.deps.store)
        .list()
        .filter((plan) =>
          plan.stages.some(
            (s) =>
              (s.kind === 'direct_post' && s.partnerId === id) ||
              (s.kind === 'marketplace' && s.directPostPartnerId === id) ||
              (s.kind === 'pingpost' && s.partnerIds.includes(id)),
          ),
        )
        .map((plan) => plan.name)
      if (users.length)
        throw conflict(`${before.name} is used by the plan${users.length > 1 ? 's' : ''} ${users.join(', ')}`)
      this.repo.delete(id)
      this.ctx.audit(
        actor,
        'partner.delete',
        { type: 'partner', id },
        `Deleted partner ${before.name}`,
        before,
        undefined,
      )
      return null
    })
  }

  /**
   * Sends one ping exactly as distribution would (same payload rules, headers and timeout) and
   * returns both sides of the exchange. Nothing is stored: a test is not a lead.
   */
  async testPing(actor: Actor, id: number, sample: Record<string, unknown> | undefined): Promise<TestPingResult> {
    const partner = this.get(id)
    const fields = sample ?? SAMPLE_LEAD
    const payload = pingPayload({ uuid: 'test-ping', fields }, partner)
    const exchange = await pingPartner(partner, payload, this.fetchImpl)
    this.ctx.auditLog.record(
      actor,
      'partner.testPing',
      { type: 'partner', id },
      `Test ping to ${partner.name}: ${exchange.outcome}`,
    )
    return {
      sample: fields,
      request: {
        url: exchange.url,
        method: partner.method,
        headers: { ...partner.headers, 'content-type': 'application/json' },
        body: JSON.stringify(payload, null, 2),
      },
      response: { statusCode: exchange.statusCode, body: exchange.response ?? '', latencyMs: exchange.latencyMs },
      parsed: {
        outcome: exchange.outcome,
        accepted: exchange.outcome === 'bid',
        priceCents: exchange.priceCents,
        reference: exchange.reference,
        error: exchange.error,
      },
    }
  }
}
