import { AppError } from '../../../shared/api/errors'
import type { LeadStatus } from '../../../shared/domain/lead'
import type { Executor } from '../../db/executor'
import { type AuditDecisionRow, auditDecisionsRepository } from '../../db/repositories/audit-decisions'
import type { PipelineRepository } from '../../db/repositories/distribution/pipeline'
import type { Actor } from '../deps'

export type Decision = 'approve' | 'reject'

/** The refusal a reviewer sees when a colleague (or the engine) moved the lead out of Audit first. */
export function notInAudit(decision: Decision, status: LeadStatus, prior: AuditDecisionRow | undefined): AppError {
  if (prior) {
    const done = prior.decision === 'approve' ? 'approved' : 'rejected'
    return new AppError('CONFLICT', `Already ${done} by ${prior.user_name}`, {
      decision: prior.decision,
      decidedBy: prior.user_name,
      decidedAt: String(prior.decided_at),
    })
  }
  const verb = decision === 'approve' ? 'approved' : 'rejected'
  return new AppError('INVALID_STATE', `Only leads in Audit can be ${verb} (this one is ${status})`)
}

/**
 * Takes a decision on a lead in Audit, in the caller's unit of work: a decision id seen before is a
 * replay (the row it recorded is returned and nothing changes); otherwise the lead leaves Audit by a
 * guarded UPDATE and the decision is recorded, or the caller gets who decided it first.
 */
export async function takeDecision(
  db: Executor,
  repo: PipelineRepository,
  d: { decisionId: string; leadId: number; decision: Decision; reason: string | null; actor: Actor; now: number },
): Promise<{ replayed: AuditDecisionRow | null }> {
  const prior = await auditDecisionsRepository.byId(db, d.decisionId)
  if (prior) {
    if (prior.lead_id !== d.leadId || prior.decision !== d.decision)
      throw new AppError('VALIDATION', 'This decision id was already used for another decision')
    return { replayed: prior }
  }
  if (!(await repo.leaveAudit(db, d.leadId, d.now))) {
    const lead = await repo.byId(db, d.leadId)
    throw notInAudit(d.decision, lead?.status ?? 'Pending', await auditDecisionsRepository.latestFor(db, d.leadId))
  }
  await auditDecisionsRepository.insert(db, {
    id: d.decisionId,
    lead_id: d.leadId,
    decision: d.decision,
    reason: d.reason,
    user_id: d.actor.id,
    user_name: d.actor.name,
    decided_at: d.now,
  })
  return { replayed: null }
}
