import { AppError, notFound } from '../../../shared/api/errors'
import type { Stage } from '../../../shared/domain/config'
import type { LeadStatus } from '../../../shared/domain/lead'
import { parseJson } from '../../db/json'
import type { PipelineLead } from '../../db/repositories/distribution/pipeline'
import type { PingpostRepository } from '../../db/repositories/pingpost'
import { money } from '../../engine/money'
import type { AuditLog } from '../audit-log'
import type { Actor, Deps } from '../deps'
import type { ConfigCache } from './config'
import type { Outcomes } from './outcomes'
import type { Pipeline, Tail } from './pipeline'
import { workingOf } from './working'

export type PostDecision = { sold: true; priceCents: number | null } | { sold: false }

/**
 * Posts whose outcome is unknown. A post is never sent twice on its own: before a lead runs through
 * its plan again, a post left 'sending' by a process that stopped is turned into an unknown outcome;
 * an operator then says whether the partner took the lead.
 */
export class UnknownPosts {
  constructor(
    private readonly deps: Deps,
    private readonly auditLog: AuditLog,
    private readonly config: ConfigCache,
    private readonly outcomes: Outcomes,
    private readonly pipeline: Pipeline,
    private readonly pingpost: PingpostRepository,
  ) {}

  private get repo() {
    return this.outcomes.repo
  }

  /**
   * Checks the stored exchanges before a lead is distributed again. A post whose outcome never
   * reached the lead (the process stopped while it was on the wire, or just after its answer was
   * stored) is not sent again: an accepted one makes the lead Posted, any other becomes Outcome
   * Unknown. Returns the lead's new status, or null when nothing was open.
   */
  async interrupted(lead: PipelineLead): Promise<LeadStatus | null> {
    const open = await this.pingpost.openPosts(this.deps.db, lead.id)
    const post = open.at(-1)
    if (!post) return null
    const snap = await this.config.current()
    const partnerId = post.partner_id ?? 0
    const name = snap.partners.find((p) => p.id === partnerId)?.name ?? `partner #${partnerId}`
    const stages = this.pipeline.planStages(snap, workingOf(lead), null) ?? []
    const at = stages.findIndex(
      (s) =>
        (s.kind === 'pingpost' && (s.partnerIds.length === 0 || s.partnerIds.includes(partnerId))) ||
        (s.kind === 'direct_post' && s.partnerId === partnerId),
    )
    const stage = at >= 0 ? (stages[at]?.kind ?? 'pingpost') : 'pingpost'
    return this.outcomes.unit(async (trx): Promise<LeadStatus> => {
      await this.repo.setStatus(trx, lead.id, 'Pending', this.deps.clock.now(), 'plan')
      if (post.outcome === 'accepted') {
        await this.outcomes.posted(trx, {
          leadId: lead.id,
          partnerId,
          priceCents: post.price_cents,
          postRecordId: post.id,
          stage,
          message: `Posted to ${name}${post.price_cents === null ? '' : ` at ${money(post.price_cents)}`}: its acceptance was stored before the app stopped`,
          data: { reference: post.reference, resumed: true },
        })
        return 'Posted'
      }
      const why =
        post.outcome === 'sending'
          ? 'the app stopped before its answer was stored'
          : (post.response ?? 'no usable answer').replace(/^outcome unknown — /, '')
      for (const record of open) await this.pingpost.markUnknown(trx, record.id, `outcome unknown — ${why}`)
      await this.outcomes.event(trx, lead.id, stage, 'partner', `post to ${name}: outcome unknown — ${why}`, {
        partnerId,
        postRecordId: post.id,
      })
      await this.outcomes.outcomeUnknown(trx, {
        leadId: lead.id,
        partnerId,
        postRecordId: post.id,
        priceCents: post.price_cents,
        stage,
        remaining: at >= 0 ? stages.length - at - 1 : 0,
        message: `Outcome unknown: post to ${name} — ${why}; not sent again, waiting for an operator to decide`,
      })
      return 'Outcome Unknown'
    })
  }

  /** The operator's decision; refused unless the lead is still waiting for one (guarded in SQL). */
  async decide(leadId: number, decision: PostDecision, actor: Actor): Promise<{ status: LeadStatus }> {
    const snap = await this.config.current()
    const lead = await this.repo.byId(this.deps.db, leadId)
    if (!lead) throw notFound('Lead')
    if (lead.status !== 'Outcome Unknown')
      throw new AppError(
        'INVALID_STATE',
        `Only leads whose post outcome is unknown can be decided (this one is ${lead.status})`,
      )
    const record =
      lead.post_record_id === null ? undefined : await this.pingpost.byId(this.deps.db, lead.post_record_id)
    const partnerId = lead.partner_id ?? record?.partner_id ?? null
    const name = (partnerId === null ? undefined : snap.partners.find((p) => p.id === partnerId)?.name) ?? 'the partner'
    return decision.sold
      ? this.sold(lead, partnerId, name, decision.priceCents ?? record?.price_cents ?? null, actor)
      : this.notSold(lead, name, actor)
  }

  private stale(): AppError {
    return new AppError('INVALID_STATE', 'This lead is no longer waiting for a decision on its post')
  }

  private async sold(
    lead: PipelineLead,
    partnerId: number | null,
    name: string,
    priceCents: number | null,
    actor: Actor,
  ): Promise<{ status: LeadStatus }> {
    await this.outcomes.unit(async (trx) => {
      const now = this.deps.clock.now()
      if ((await this.repo.markPostedFromUnknown(trx, { id: lead.id, priceCents, now })) === 0) throw this.stale()
      if (lead.post_record_id !== null) await this.pingpost.resolveUnknown(trx, lead.post_record_id, 'confirmed_sold')
      if (partnerId !== null)
        await this.repo.partnerLedger(trx, {
          partnerId,
          leadId: lead.id,
          kind: 'sale',
          cents: priceCents ?? 0,
          userId: actor.id,
          reason: 'post outcome confirmed by an operator',
          now,
        })
      const price = priceCents === null ? 'no price' : money(priceCents)
      await this.repo.event(
        trx,
        lead.id,
        now,
        'operator',
        'posted',
        `Marked sold to ${name} at ${price} by ${actor.name}`,
        {
          partnerId,
          priceCents,
          postRecordId: lead.post_record_id,
        },
      )
      await this.auditLog.write(
        trx,
        actor,
        'lead.post.sold',
        { type: 'lead', id: lead.uuid },
        `Post to ${name}: sold at ${price}`,
        {
          before: { status: 'Outcome Unknown' },
          after: { status: 'Posted', partnerId, priceCents },
        },
      )
    })
    this.outcomes.changed()
    return { status: 'Posted' }
  }

  private async notSold(lead: PipelineLead, name: string, actor: Actor): Promise<{ status: LeadStatus }> {
    const snap = this.config.get()
    const w = workingOf(lead)
    const left = parseJson<{ remaining?: unknown }>(
      await this.repo.lastEventData(this.deps.db, lead.id, 'outcome_unknown'),
      {},
    )
    const remaining = typeof left.remaining === 'number' ? left.remaining : 0
    const plan = this.pipeline.planStages(snap, w, null) ?? []
    const rest: Stage[] = remaining > 0 ? plan.slice(Math.max(0, plan.length - remaining)) : []
    const reasons = [`post to ${name}: not sold (decided by ${actor.name})`]
    let tail: Tail | null = null
    await this.outcomes.unit(async (trx) => {
      const now = this.deps.clock.now()
      if ((await this.repo.reopenUnknown(trx, lead.id, now)) === 0) throw this.stale()
      if (lead.post_record_id !== null)
        await this.pingpost.resolveUnknown(trx, lead.post_record_id, 'confirmed_not_sold')
      await this.repo.event(
        trx,
        lead.id,
        now,
        'operator',
        'not_sold',
        `Post to ${name} marked not sold by ${actor.name}; ` +
          (rest.length > 0 ? `continuing with ${rest.map((s) => s.kind).join(', ')}` : 'no stage left in the plan'),
      )
      await this.auditLog.write(
        trx,
        actor,
        'lead.post.not_sold',
        { type: 'lead', id: lead.uuid },
        `Post to ${name}: not sold`,
        {
          before: { status: 'Outcome Unknown' },
          after: { status: 'Pending' },
        },
      )
      const index = await this.pipeline.syncStages(trx, w, snap, rest, 0, reasons)
      tail = index === null ? null : { stages: rest, index, reasons }
    })
    this.outcomes.changed()
    if (tail) await this.pipeline.finish(w, snap, tail)
    return { status: (await this.pipeline.status(this.deps.db, lead.id)) ?? 'Pending' }
  }
}
