import type { SelectQueryBuilder } from 'kysely'
import { STATUS_REASONS, type UnsoldReason } from '../../../shared/domain/reports'
import type { DB } from '../schema'

/**
 * The leads whose unsold reason is `reason`, exactly as `report_hourly.reason` counts them
 * (migration 120): a status that is its own reason, else Unassigned with that reason (`other`
 * also takes an Unassigned lead whose reason was never read).
 */
export function whereUnsoldReason<O>(
  q: SelectQueryBuilder<DB, 'leads', O>,
  reason: UnsoldReason,
): SelectQueryBuilder<DB, 'leads', O> {
  const status = STATUS_REASONS[reason]
  if (status) return q.where('leads.status', '=', status)
  const unassigned = q.where('leads.status', '=', 'Unassigned')
  if (reason === 'other')
    return unassigned.where((eb) =>
      eb.or([eb('leads.unsold_reason', 'is', null), eb('leads.unsold_reason', '=', 'other')]),
    )
  return unassigned.where('leads.unsold_reason', '=', reason)
}
