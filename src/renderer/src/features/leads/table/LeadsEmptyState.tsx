import { IconAlertTriangle, IconInbox } from '@tabler/icons-react'
import { EmptyState } from '../../../components/EmptyState'

/** What the table says when it has no rows: why it could not load them, or why there are none. */
export function LeadsEmptyState(props: { error: Error | null; filtered: boolean }) {
  if (props.error) {
    return (
      <EmptyState icon={<IconAlertTriangle size={28} />} title="Leads could not be loaded">
        {props.error.message}
      </EmptyState>
    )
  }
  return (
    <EmptyState icon={<IconInbox size={28} />} title="No leads here">
      {props.filtered ? 'No lead matches these filters.' : 'Leads appear as soon as a source sends them.'}
    </EmptyState>
  )
}
