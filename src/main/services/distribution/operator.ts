import { AppError, notFound } from '../../../shared/api/errors'
import type { Contact, LeadStatus } from '../../../shared/domain/lead'
import type { Executor } from '../../db/executor'
import type { PipelineLead } from '../../db/repositories/distribution/pipeline'
import { money } from '../../engine/money'
import { splitValues, validateLead } from '../../engine/validate'
import type { AuditLog } from '../audit-log'
import type { Actor, Deps } from '../deps'
import type { WalletsService } from '../wallets'
import { leadTypeOf, reclassifyCategory } from './classification'
import type { ConfigCache } from './config'
import type { Outcomes } from './outcomes'
import { workingOf } from './working'
import { takeDecision } from './audit-decisions'

type Names = { categoryName: string | null; leadTypeName: string | null }
export interface Reclassified {
  changed: boolean
  from: Names
  to: Names
}

/** What operators do to single leads outside distribution: reclassify, edit, reject in audit, return. */
export class LeadActions {
  constructor(
    private readonly deps: Deps,
    private readonly auditLog: AuditLog,
    private readonly wallets: WalletsService,
    private readonly config: ConfigCache,
    private readonly outcomes: Outcomes,
  ) {}

  private get repo() {
    return this.outcomes.repo
  }

  names(categoryId: number | null, leadTypeId: number | null): Names {
    const snap = this.config.get()
    return {
      categoryName: categoryId === null ? null : (snap.categoriesById.get(categoryId)?.name ?? null),
      leadTypeName: leadTypeId === null ? null : (snap.leadTypesById.get(leadTypeId)?.name ?? null),
    }
  }

  async reclassify(leadId: number, actor: Actor): Promise<Reclassified> {
    const snap = await this.config.current()
    const lead = await this.repo.byId(this.deps.db, leadId)
    if (!lead) throw notFound('Lead')
    const w = workingOf(lead)
    const picked = reclassifyCategory(snap, lead.category_id, lead.source_id, w.values)
    const typeId = picked.category ? (leadTypeOf(picked.category, w.values).leadType?.id ?? null) : null
    const categoryId = picked.category?.id ?? null
    const from = this.names(lead.category_id, lead.lead_type_id)
    const to = this.names(categoryId, typeId)
    const changed = categoryId !== lead.category_id || typeId !== lead.lead_type_id
    await this.outcomes.unit(async (trx) => {
      const now = this.deps.clock.now()
      if (changed) await this.repo.setClassification(trx, leadId, categoryId, typeId, now)
      const message = changed
        ? `Lead type changed: ${from.leadTypeName ?? 'none'} → ${to.leadTypeName ?? 'none'}` +
          (categoryId !== lead.category_id
            ? ` (category ${from.categoryName ?? 'none'} → ${to.categoryName ?? 'none'})`
            : '')
        : 'Already correctly classified, no change'
      await this.repo.event(
        trx,
        leadId,
        now,
        'classify',
        changed ? 'reclassified' : 'unchanged',
        `${message} (by ${actor.name})`,
        { from, to },
      )
      await this.auditLog.write(trx, actor, 'lead.reclassify', { type: 'lead', id: lead.uuid }, message, {
        before: from,
        after: to,
      })
    })
    this.outcomes.changed()
    return { changed, from, to }
  }

  /**
   * An operator's edit. `expectedUpdatedAt`: when the form read the lead; if anyone changed it
   * since, the edit is refused with CONFLICT naming the last change (who and when), and nothing is
   * written, so the operator can reload instead of overwriting a colleague's work.
   */
  async editLead(
    leadId: number,
    patch: { contact?: Partial<Contact>; details?: Record<string, unknown>; expectedUpdatedAt?: number },
    actor: Actor,
  ): Promise<{ reclassified: Reclassified }> {
    const snap = await this.config.current()
    const lead = await this.repo.byId(this.deps.db, leadId)
    if (!lead) throw notFound('Lead')
    if (lead.status === 'Assigned' || lead.status === 'Posted' || lead.status === 'Returned') {
      throw new AppError('INVALID_STATE', 'A sold lead cannot be edited')
    }
    if (lead.status === 'Outcome Unknown') {
      // The partner may hold this lead as it was posted; decide the post first.
      throw new AppError('INVALID_STATE', 'A lead whose post may have sold it cannot be edited; decide the post first')
    }
    const before = workingOf(lead).values
    const merged: Record<string, unknown> = { ...before, ...(patch.details ?? {}), ...(patch.contact ?? {}) }
    const category = lead.category_id === null ? undefined : snap.categoriesById.get(lead.category_id)
    const validated = validateLead(category?.fields ?? [], merged, 'post')
    if (!validated.ok) throw new AppError('VALIDATION', 'The lead has invalid fields', validated.fields)
    const { contact, details } = splitValues(validated.values)
    await this.outcomes.unit(async (trx) => {
      const now = this.deps.clock.now()
      if (!(await this.repo.updateData(trx, leadId, contact, JSON.stringify(details), now, patch.expectedUpdatedAt)))
        throw await this.changedSince(trx, lead.uuid, leadId)
      await this.repo.event(trx, leadId, now, 'operator', 'edited', `Edited by ${actor.name}`)
      await this.auditLog.write(trx, actor, 'lead.edit', { type: 'lead', id: lead.uuid }, 'Edited a lead', {
        before,
        after: validated.values,
      })
    })
    return { reclassified: await this.reclassify(leadId, actor) }
  }

  /** The CONFLICT for an edit made on a lead someone changed since the form read it. */
  private async changedSince(db: Executor, uuid: string, leadId: number): Promise<AppError> {
    const last = await this.auditLog.lastFor(db, 'lead', uuid)
    const at = (await this.repo.updatedAt(db, leadId)) ?? this.deps.clock.now()
    // The last change is an operator's when their line is as recent; else the engine's (distributed, resumed).
    const by = last && last.at >= at ? (last.user_name ?? 'Leadline') : 'Leadline'
    return new AppError('CONFLICT', `${by} changed this lead since you opened it`, {
      changedBy: by,
      changedAt: String(at),
    })
  }

  /** Rejects a lead in Audit (Unassigned, with the reason); `decisionId` as for approval. */
  async rejectAudit(
    leadId: number,
    actor: Actor,
    reason: string,
    decisionId: string = this.deps.ids.uuid(),
  ): Promise<{ status: LeadStatus; replayed: boolean }> {
    await this.config.current()
    const lead = await this.repo.byId(this.deps.db, leadId)
    if (!lead) throw notFound('Lead')
    const why = reason.trim()
    if (!why) throw new AppError('VALIDATION', 'Say why the lead is rejected', { reason: 'A reason is required' })
    const taken = await this.outcomes.unit(async (trx) => {
      const now = this.deps.clock.now()
      const d = await takeDecision(trx, this.repo, { decisionId, leadId, decision: 'reject', reason: why, actor, now })
      if (d.replayed) return d
      await this.outcomes.unassigned(trx, {
        leadId,
        stage: null,
        message: `Rejected in audit by ${actor.name}: ${why}`,
        data: { reason: why },
      })
      await this.auditLog.write(
        trx,
        actor,
        'lead.audit.reject',
        { type: 'lead', id: lead.uuid },
        `Rejected in audit: ${why}`,
      )
      return d
    })
    if (taken.replayed)
      return { status: (await this.repo.byId(this.deps.db, leadId))?.status ?? lead.status, replayed: true }
    return { status: 'Unassigned', replayed: false }
  }

  async returnLead(
    leadId: number,
    actor: Actor,
    reason: string,
    amountCents: number | null = null,
  ): Promise<{ status: 'Returned'; creditedCents: number; reversedCents: number }> {
    await this.config.current()
    const lead = await this.repo.byId(this.deps.db, leadId)
    if (!lead) throw notFound('Lead')
    const why = reason.trim()
    if (!why) throw new AppError('VALIDATION', 'Say why the lead is returned', { reason: 'A reason is required' })
    if (lead.status === 'Posted') return this.partnerReturn(lead, actor, why, amountCents)
    if (lead.status !== 'Assigned' || lead.customer_id === null) {
      throw new AppError('INVALID_STATE', `Only assigned or posted leads can be returned (this one is ${lead.status})`)
    }
    const customerId = lead.customer_id
    const credited = lead.charged_cents ?? 0
    await this.outcomes.unit(async (trx) => {
      const now = this.deps.clock.now()
      if ((await this.repo.markReturned(trx, leadId, 'Assigned', why, now)) === 0) throw this.alreadyChanged()
      if (credited > 0) await this.wallets.credit(trx, customerId, credited, leadId, actor, why)
      await this.repo.event(
        trx,
        leadId,
        now,
        'return',
        'returned',
        `Returned by ${actor.name}: ${why}; credited ${money(credited)}`,
        {
          customerId,
          creditedCents: credited,
          reason: why,
        },
      )
      await this.auditLog.write(trx, actor, 'lead.return', { type: 'lead', id: lead.uuid }, `Returned: ${why}`, {
        before: { status: lead.status },
        after: { status: 'Returned', creditedCents: credited },
      })
      // Leaving Assigned gives the bid's caps and budget back (a trigger of migration 105).
    })
    this.outcomes.changed()
    return { status: 'Returned', creditedCents: credited, reversedCents: 0 }
  }

  private alreadyChanged(): AppError {
    return new AppError('INVALID_STATE', 'This lead changed meanwhile (returned already?); reload it')
  }

  /**
   * A partner gave back a lead it bought through a post: the lead turns Returned and the partner's
   * revenue is reversed by the amount the partner took back (its whole price unless said otherwise).
   */
  private async partnerReturn(
    lead: PipelineLead,
    actor: Actor,
    why: string,
    amountCents: number | null,
  ): Promise<{ status: 'Returned'; creditedCents: number; reversedCents: number }> {
    const sale = await this.repo.partnerSale(this.deps.db, lead.id)
    const paid = sale?.amount_cents ?? lead.charged_cents ?? 0
    const reversed = amountCents ?? paid
    if (!Number.isInteger(reversed) || reversed < 0 || reversed > paid)
      throw new AppError('VALIDATION', `The amount reversed must be between 0.00 and ${money(paid)}`, {
        amountCents: `At most ${money(paid)}, the price the partner paid`,
      })
    const partnerId = lead.partner_id ?? sale?.partner_id ?? null
    const name =
      (partnerId === null ? undefined : this.config.get().partners.find((p) => p.id === partnerId)?.name) ??
      'the partner'
    await this.outcomes.unit(async (trx) => {
      const now = this.deps.clock.now()
      if ((await this.repo.markReturned(trx, lead.id, 'Posted', why, now)) === 0) throw this.alreadyChanged()
      if (partnerId !== null)
        await this.repo.partnerLedger(trx, {
          partnerId,
          leadId: lead.id,
          kind: 'return',
          cents: -reversed,
          userId: actor.id,
          reason: why,
          now,
        })
      await this.repo.event(
        trx,
        lead.id,
        now,
        'return',
        'returned',
        `Returned by ${name} (entered by ${actor.name}): ${why}; partner revenue reversed ${money(reversed)}`,
        { partnerId, reversedCents: reversed, reason: why },
      )
      await this.auditLog.write(
        trx,
        actor,
        'lead.return',
        { type: 'lead', id: lead.uuid },
        `Returned by ${name}: ${why}`,
        {
          before: { status: 'Posted', priceCents: paid },
          after: { status: 'Returned', reversedCents: reversed },
        },
      )
    })
    this.outcomes.changed()
    return { status: 'Returned', creditedCents: 0, reversedCents: reversed }
  }
}
