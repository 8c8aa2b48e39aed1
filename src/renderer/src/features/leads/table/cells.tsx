import { memo } from 'react'
import type { LeadStatus } from '../../../../../shared/domain/lead'
import { formatDateTime, formatMoney } from '../../../components/format'
import { StatusBadge } from '../../../components/StatusBadge'

/**
 * Table cells. Each is memoised on its value: when the table renders again with the same rows
 * (a page turn starting, the selection, the highlighted row), no badge or date is rebuilt.
 */

export const StatusCell = memo(function StatusCell({ status }: { status: LeadStatus }) {
  return <StatusBadge status={status} />
})

// One formatter per shape: building an Intl formatter costs far more than using one.
const thisYear = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
})
const otherYear = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' })

/** A table cell has little room: month, day and time (an earlier year's date without the time); the full date is in the title. */
export const DateCell = memo(function DateCell({ ms }: { ms: number }) {
  const d = new Date(ms)
  const format = d.getFullYear() === new Date().getFullYear() ? thisYear : otherYear
  return <span title={formatDateTime(ms)}>{format.format(d)}</span>
})

export const MoneyCell = memo(function MoneyCell({ cents }: { cents: number | null }) {
  return <>{formatMoney(cents)}</>
})
