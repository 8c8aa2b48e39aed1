import { Anchor, Button, Group, Text, Tooltip } from '@mantine/core'
import { IconPlayerPlay, IconTrash } from '@tabler/icons-react'
import { memo } from 'react'
import type { LeadFilter } from '../../../../../shared/api/leads'
import { useSession } from '../../auth/session'
import { ExportButton } from '../../exports'
import { ColumnChooser } from './columns'

/**
 * The line above the table: how many leads match (nothing while that is unknown: loading or
 * failed), the selection, and the bulk actions. Memoised: a page turn does not render it again.
 */
export const LeadsToolbar = memo(function LeadsToolbar(props: {
  /** Undefined while the count is unknown. */
  total: number | undefined
  selectedCount: number
  allMatching: boolean
  /** Every row of the page is selected (offers "select all matching"). */
  pageFullySelected: boolean
  /** The export button (absent where the page header exports, e.g. a customer's leads). */
  exportFilter: LeadFilter | null
  hiddenColumns: string[]
  onSelectAllMatching: () => void
  onClearSelection: () => void
  onDialog: (dialog: 'process' | 'delete') => void
  onHiddenColumns: (hidden: string[]) => void
}) {
  const session = useSession()
  const { total, selectedCount: count } = props
  const canProcess = session.can('leads.reprocess')
  const canDelete = session.can('leads.delete')
  return (
    <Group justify="space-between" mb="xs" mih={36}>
      <Group gap="xs">
        {total !== undefined && (
          <Text size="sm" c="dimmed" data-testid="leads-total">
            {total.toLocaleString()} lead{total === 1 ? '' : 's'}
          </Text>
        )}
        {count > 0 && (
          <>
            <Text size="sm" fw={600} data-testid="selection-count">
              · {count.toLocaleString()} selected
            </Text>
            {!props.allMatching && total !== undefined && count < total && props.pageFullySelected && (
              <Anchor component="button" size="sm" onClick={props.onSelectAllMatching}>
                Select all {total.toLocaleString()} matching
              </Anchor>
            )}
            <Anchor component="button" size="sm" c="dimmed" onClick={props.onClearSelection}>
              Clear selection
            </Anchor>
          </>
        )}
      </Group>
      <Group gap="xs">
        {props.exportFilter && <ExportButton filter={props.exportFilter} />}
        <Tooltip
          label={canProcess ? 'Send the selected leads through distribution again' : 'Your role cannot reprocess leads'}
        >
          {/* data-disabled rather than disabled, so the tooltip still explains why. */}
          <Button
            leftSection={<IconPlayerPlay size={16} />}
            variant="light"
            data-disabled={!canProcess || count === 0 || undefined}
            aria-disabled={!canProcess || count === 0}
            onClick={() => canProcess && count > 0 && props.onDialog('process')}
          >
            Process
          </Button>
        </Tooltip>
        <Tooltip label={canDelete ? 'Delete the selected leads' : 'Your role cannot delete leads'}>
          <Button
            leftSection={<IconTrash size={16} />}
            variant="light"
            color="red"
            data-disabled={!canDelete || count === 0 || undefined}
            aria-disabled={!canDelete || count === 0}
            onClick={() => canDelete && count > 0 && props.onDialog('delete')}
          >
            Delete
          </Button>
        </Tooltip>
        <ColumnChooser hidden={props.hiddenColumns} onChange={props.onHiddenColumns} />
      </Group>
    </Group>
  )
})
