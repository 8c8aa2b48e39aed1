import { AppError } from '../../../shared/api/errors'
import type { Contact, LeadStatus, StageKind } from '../../../shared/domain/lead'
import type { Actor } from '../deps'

export interface Classification {
  changed: boolean
  from: { categoryName: string | null; leadTypeName: string | null }
  to: { categoryName: string | null; leadTypeName: string | null }
}

/**
 * What the leads console needs from the distribution engine. The engine's service satisfies
 * this shape; the console depends on nothing else of it.
 */
export interface DistributionPort {
  reprocess(
    leadIds: number[],
    from: StageKind | null,
    actor: Actor,
    onProgress?: (done: number, total: number) => void,
  ): Promise<{ outcomes: Partial<Record<LeadStatus, number>>; skipped: { id: number; status: LeadStatus }[] }>
  planStages(leadId: number): StageKind[]
  reclassify(leadId: number, actor: Actor): Classification
  editLead(
    leadId: number,
    patch: { contact?: Partial<Contact>; details?: Record<string, unknown> },
    actor: Actor,
  ): { reclassified: Classification }
  approveAudit(leadId: number, actor: Actor): Promise<{ status: LeadStatus }>
  rejectAudit(leadId: number, actor: Actor, reason: string): { status: LeadStatus }
  returnLead(leadId: number, actor: Actor, reason: string): { status: 'Returned'; creditedCents: number }
}

/** The engine of this workspace, or a clear refusal while a build ships without one. */
export function distributionOf(services: object): DistributionPort {
  const engine: unknown = 'distribution' in services ? services.distribution : undefined
  if (!isPort(engine)) throw new AppError('INVALID_STATE', 'Distribution is not available in this build')
  return engine
}

function isPort(value: unknown): value is DistributionPort {
  return typeof value === 'object' && value !== null && 'reprocess' in value && 'returnLead' in value
}
