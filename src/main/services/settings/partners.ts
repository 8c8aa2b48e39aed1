import { conflict, notFound } from '../../../shared/api/errors'
import type {
  PartnerDef,
  PartnerFields,
  TemplateFieldInfo,
  TestPingResult,
} from '../../../shared/api/settings/partners'
import { type PartnerRequest, requestFromMapping } from '../../../shared/domain/template'
import type { Executor } from '../../db/executor'
import { PartnersRepository, type PartnerWrite } from '../../db/repositories/config/partners'
import { PlansRepository } from '../../db/repositories/config/plans'
import type { Actor } from '../deps'
import { pingPartner, postToPartner } from '../partners/client'
import { type HttpCall, nodeHttpCall } from '../partners/http'
import { pingPayload, postPayload } from '../partners/pingpost'
import type { PartnerConfig } from '../partners/types'
import type { ConfigContext } from './context'
import { assertPartnerRequest, knownFields } from './template-rules'

/** A partner created without a template or field list sends what one with an empty field list always did. */
const EMPTY_MAPPING: PartnerRequest = requestFromMapping({ pingFields: [], rename: {} })

/**
 * The settings as stored: a template as given, else the older field list and renames read as
 * the equivalent template, else an empty field list (as before templates). Refused with every problem by path.
 */
async function toWrite(db: Executor, input: PartnerFields): Promise<PartnerWrite> {
  const { mapping, request, ...rest } = input
  const write: PartnerWrite = { ...rest, request: request ?? (mapping ? requestFromMapping(mapping) : EMPTY_MAPPING) }
  await assertPartnerRequest(db, write)
  return write
}

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
  private readonly repo = new PartnersRepository()
  private readonly plans = new PlansRepository()

  constructor(
    private readonly ctx: ConfigContext,
    private readonly fetchImpl: HttpCall = nodeHttpCall,
  ) {}

  async list(): Promise<PartnerDef[]> {
    return this.repo.list(this.ctx.db)
  }

  async templateFields(): Promise<TemplateFieldInfo[]> {
    return [...(await knownFields(this.ctx.db))]
      .map(([key, f]) => ({ key, types: [...f.types], deliverable: f.deliverable }))
      .sort((a, b) => a.key.localeCompare(b.key))
  }

  async get(id: number): Promise<PartnerDef> {
    return this.find(this.ctx.db, id)
  }

  private async find(db: Executor, id: number): Promise<PartnerDef> {
    const p = await this.repo.byId(db, id)
    if (!p) throw notFound('Partner')
    return p
  }

  async create(actor: Actor, input: PartnerFields): Promise<PartnerDef> {
    const write = await toWrite(this.ctx.db, input)
    return this.ctx.write(['partners', 'plans'], async (trx) => {
      const id = await this.repo.insert(trx, write, this.ctx.now())
      const after = await this.find(trx, id)
      await this.ctx.audit(
        trx,
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

  async update(actor: Actor, id: number, input: PartnerFields): Promise<PartnerDef> {
    const write = await toWrite(this.ctx.db, input)
    return this.ctx.write(['partners', 'plans'], async (trx) => {
      const before = await this.find(trx, id)
      await this.repo.update(trx, id, write)
      const after = await this.find(trx, id)
      await this.ctx.audit(
        trx,
        actor,
        'partner.update',
        { type: 'partner', id },
        `Changed partner ${after.name}`,
        before,
        after,
      )
      return after
    })
  }

  async delete(actor: Actor, id: number): Promise<null> {
    return this.ctx.write(['partners', 'plans'], async (trx) => {
      const before = await this.find(trx, id)
      // A plan naming the partner would post to nobody; say which plans to change first.
      const users = (await this.plans.list(trx))
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
      await this.repo.delete(trx, id)
      await this.ctx.audit(
        trx,
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
   * Sends one ping or post exactly as distribution would (same template, format, headers and
   * timeout), from a saved partner or from the form's unsaved settings, and returns both sides of
   * the exchange. Nothing is stored: a test is not a lead. Settings that could not be saved are
   * refused the same way before anything is sent. The partner's answer is awaited with no
   * transaction open; the audit line is written afterwards on its own.
   */
  async testPing(
    actor: Actor,
    input: { id?: number; partner?: PartnerFields; kind: 'ping' | 'post'; sample?: Record<string, unknown> },
  ): Promise<TestPingResult> {
    const partner: PartnerConfig =
      input.partner !== undefined
        ? { id: input.id ?? 0, ...(await toWrite(this.ctx.db, input.partner)) }
        : await this.get(input.id ?? 0)
    const fields = input.sample ?? SAMPLE_LEAD
    const lead = { uuid: `test-${input.kind}`, fields }
    const http = this.fetchImpl
    const exchange =
      input.kind === 'ping'
        ? await pingPartner(partner, pingPayload(lead, partner), http)
        : await postToPartner(partner, postPayload(lead, partner, 'test-ping-reference'), http)
    await this.ctx.auditLog.write(
      this.ctx.db,
      actor,
      input.kind === 'ping' ? 'partner.testPing' : 'partner.testPost',
      { type: 'partner', id: input.id ?? null },
      `Test ${input.kind} to ${partner.name}: ${exchange.outcome}`,
    )
    const sent = exchange.request
    return {
      kind: input.kind,
      sample: fields,
      request: {
        url: sent?.url ?? exchange.url,
        method: sent?.method ?? partner.method,
        headers: sent?.headers ?? {},
        body: sent?.body ?? null,
      },
      response: { statusCode: exchange.statusCode, body: exchange.response ?? '', latencyMs: exchange.latencyMs },
      parsed: {
        outcome: exchange.outcome,
        accepted: exchange.outcome === 'bid' || exchange.outcome === 'accepted',
        priceCents: exchange.priceCents,
        reference: exchange.reference,
        error: exchange.error,
      },
    }
  }
}
