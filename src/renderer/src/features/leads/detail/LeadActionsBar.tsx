import { Button, Group, Menu, Tooltip } from '@mantine/core'
import { IconArrowBackUp, IconDots, IconPencil, IconPlayerPlay, IconRefresh, IconTrash } from '@tabler/icons-react'
import { isSold, type LeadDetail, REPROCESSABLE_STATUSES, type StageKind } from '../../../../../shared/domain/lead'
import { useSession } from '../../auth/session'

export type LeadDialog =
  { kind: 'return' } | { kind: 'reprocess'; stages?: StageKind[]; afterEdit?: boolean } | { kind: 'delete' }

/** The actions an operator's role allows on this lead in its status; the main process checks again. */
export function LeadActionsBar(props: {
  lead: LeadDetail
  onEdit: () => void
  onDialog: (dialog: LeadDialog) => void
  onReclassify: () => void
}) {
  const session = useSession()
  const l = props.lead
  const sold = isSold(l.status)
  // A lead whose post may have sold it stays as it was posted until the post is decided.
  const frozen = sold || l.status === 'Outcome Unknown'
  const canEdit = session.can('leads.edit') && !frozen
  // A customer's lead (Assigned) or a partner's (Posted) can be given back, once.
  const canReturn = session.can('leads.return') && (l.status === 'Assigned' || l.status === 'Posted')
  const canReprocess = session.can('leads.reprocess') && REPROCESSABLE_STATUSES.includes(l.status)
  return (
    <Group gap="xs">
      {session.can('leads.edit') && (
        <Tooltip
          label={
            sold
              ? 'Sold leads cannot be edited'
              : frozen
                ? 'Decide the post first: the partner may have this lead'
                : 'Edit contact and details'
          }
        >
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPencil size={14} />}
            data-disabled={!canEdit || undefined}
            aria-disabled={!canEdit}
            onClick={() => canEdit && props.onEdit()}
          >
            Edit
          </Button>
        </Tooltip>
      )}
      {canReturn && (
        <Button
          size="xs"
          variant="light"
          color="grape"
          leftSection={<IconArrowBackUp size={14} />}
          onClick={() => props.onDialog({ kind: 'return' })}
        >
          Return
        </Button>
      )}
      {canReprocess && (
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPlayerPlay size={14} />}
          onClick={() => props.onDialog({ kind: 'reprocess' })}
        >
          Reprocess
        </Button>
      )}
      {(session.can('leads.reclassify') || session.can('leads.delete')) && (
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Button size="xs" variant="default" rightSection={<IconDots size={14} />}>
              More actions
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {session.can('leads.reclassify') && (
              <Menu.Item leftSection={<IconRefresh size={14} />} disabled={sold} onClick={() => props.onReclassify()}>
                Reclassify
              </Menu.Item>
            )}
            {session.can('leads.delete') && (
              <Menu.Item
                color="red"
                leftSection={<IconTrash size={14} />}
                onClick={() => props.onDialog({ kind: 'delete' })}
              >
                Delete lead
              </Menu.Item>
            )}
          </Menu.Dropdown>
        </Menu>
      )}
    </Group>
  )
}
