import { Alert, Button, Group, Loader, Modal, Radio, Stack, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { STAGE_LABELS, type StageKind } from '../../../../../shared/domain/lead'
import { useApiMutation, useApiQuery } from '../../../api/hooks'

/** Reprocess one lead from a stage of its own plan (the first, or a later one to skip what was tried). */
export function ReprocessLeadDialog(props: {
  leadId: number
  stages?: StageKind[]
  onClose: () => void
  title?: string
}) {
  const stagesQuery = useApiQuery('leads/stages', { id: props.leadId }, { enabled: !props.stages })
  const stages = props.stages ?? stagesQuery.data
  const [from, setFrom] = useState<string>('first')
  const run = useApiMutation('leads/reprocess', {
    onSuccess: (r) => {
      const outcome = Object.entries(r.outcomes).find(([, n]) => (n ?? 0) > 0)?.[0]
      const refused = r.refused[0]?.reason
      notifications.show({
        color: r.skipped || refused ? 'yellow' : 'teal',
        message: r.skipped
          ? 'This lead is not in a status that can be reprocessed'
          : refused
            ? `Not reprocessed: ${refused}${refused === 'no lead type' ? '; start from the beginning to classify it' : ''}`
            : `Reprocessed: now ${outcome ?? 'unchanged'}`,
      })
      props.onClose()
    },
  })
  return (
    <Modal opened onClose={props.onClose} title={props.title ?? 'Reprocess lead'}>
      <Stack>
        {!stages && <Loader size="sm" />}
        {stages && (
          <Radio.Group label="Start from" value={from} onChange={setFrom}>
            <Stack gap="xs" mt="xs">
              <Radio value="first" label="The beginning (classification, then the whole plan)" />
              {stages.map((s, i) => (
                <Radio key={`${s}-${i}`} value={s} label={`${i + 1}. ${STAGE_LABELS[s]}`} />
              ))}
            </Stack>
          </Radio.Group>
        )}
        {stages?.length === 0 && (
          <Text size="sm" c="dimmed">
            This lead&apos;s lead type has no distribution plan yet.
          </Text>
        )}
        {stagesQuery.error && <Alert color="red">{stagesQuery.error.message}</Alert>}
        {run.error && <Alert color="red">{run.error.message}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Not now
          </Button>
          <Button
            loading={run.isPending}
            disabled={!stages}
            onClick={() =>
              run.mutate({
                selection: { ids: [props.leadId] },
                from: from === 'first' ? null : (from as StageKind),
                job: `reprocess-lead-${props.leadId}`,
              })
            }
          >
            Reprocess
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
