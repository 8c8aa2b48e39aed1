import { Badge } from '@mantine/core'
import type { LeadStatus } from '../../../shared/domain/lead'

export const STATUS_COLORS: Record<LeadStatus, string> = {
  Pending: 'gray',
  Assigned: 'teal',
  Posted: 'cyan',
  Duplicate: 'orange',
  Returned: 'grape',
  Unassigned: 'yellow',
  Withheld: 'indigo',
  Marketplace: 'blue',
  Audit: 'violet',
  Uncategorized: 'pink',
  'Distribution Error': 'red',
  'Outcome Unknown': 'lime',
}

export function StatusBadge({ status }: { status: LeadStatus }) {
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" radius="sm">
      {status}
    </Badge>
  )
}
