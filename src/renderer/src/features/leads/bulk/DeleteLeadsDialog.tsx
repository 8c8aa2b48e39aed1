import { Alert, Button, Group, Modal, Progress, Stack, Text } from '@mantine/core'
import { useState } from 'react'
import { notifications } from '@mantine/notifications'
import type { LeadSelection } from '../../../../../shared/api/leads'
import { useApiMutation } from '../../../api/hooks'
import { newJobId, useJobProgress } from './useJobProgress'

/** Deleting is final; the dialog names how many leads go. */
export function DeleteLeadsDialog(props: {
  selection: LeadSelection
  count: number
  onClose: (done: boolean) => void
}) {
  const remove = useApiMutation('leads/delete', {
    onSuccess: (r) => {
      notifications.show({
        color: 'teal',
        message: `Deleted ${r.deleted.toLocaleString()} lead${r.deleted === 1 ? '' : 's'}`,
      })
      props.onClose(true)
    },
  })
  const [job] = useState(() => newJobId('delete'))
  const progress = useJobProgress(remove.isPending ? job : null)
  const noun = `${props.count.toLocaleString()} lead${props.count === 1 ? '' : 's'}`
  return (
    <Modal opened onClose={() => !remove.isPending && props.onClose(false)} title={`Delete ${noun}?`}>
      <Stack>
        <Text size="sm">
          {props.count === 1 ? 'This lead is' : `These ${noun} are`} removed from the workspace with their events. This
          cannot be undone; the activity log keeps who deleted what.
        </Text>
        {progress && !progress.finished && (
          <Progress value={(progress.done / Math.max(1, progress.total)) * 100} aria-label="Delete progress" />
        )}
        {remove.error && <Alert color="red">{remove.error.message}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => props.onClose(false)} disabled={remove.isPending}>
            Cancel
          </Button>
          <Button
            color="red"
            loading={remove.isPending}
            onClick={() => remove.mutate({ selection: props.selection, job })}
          >
            Delete {noun}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
