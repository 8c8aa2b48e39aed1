import { Button, Checkbox, Group, Modal, Popover, Progress, Stack, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconFileExport } from '@tabler/icons-react'
import { useState } from 'react'
import type { ExportAudience } from '../../../../shared/api/exports'
import type { LeadFilter } from '../../../../shared/api/leads'
import { call } from '../../api/client'
import { useApiMutation } from '../../api/hooks'
import { useSession } from '../auth/session'
import { newJobId, receiveFile } from './files'
import { useProgress } from './useProgress'
import { countOf } from '../../../../shared/text/plural'

export interface ExportButtonProps {
  /** 'customer' writes only deliverable fields (the "view as customer" export). */
  audience?: ExportAudience
  /** The leads table's current filter. */
  filter?: LeadFilter
  /** A customer's lead list; required for the customer-facing export. */
  customerId?: number
  label?: string
}

/**
 * Export → (desktop: save dialog; browser: download) with a progress bar and Cancel. Drop it in
 * any toolbar with the filter or customer it should export.
 */
export function ExportButton({ audience = 'operator', filter, customerId, label = 'Export' }: ExportButtonProps) {
  const session = useSession()
  const [open, setOpen] = useState(false)
  const [bom, setBom] = useState(false)
  const [job, setJob] = useState<string | null>(null)
  const progress = useProgress(job)
  const start = useApiMutation('exports/start', {
    onSuccess: (result) => {
      if (result.cancelled) {
        if (result.delivery.kind === 'cancelled' && result.rows > 0) {
          notifications.show({ color: 'gray', message: 'Export cancelled; no file was written' })
        }
        return
      }
      receiveFile(result.delivery, `Exported ${countOf(result.rows, 'lead')}`)
    },
    onError: (e) => notifications.show({ color: 'red', title: 'Export failed', message: e.message }),
    onSettled: () => setJob(null),
  })
  if (!session.can('leads.export')) return null

  const run = () => {
    const jobId = newJobId('export')
    setJob(jobId)
    setOpen(false)
    start.mutate({ jobId, audience, filter: filter ?? {}, customerId, bom })
  }
  const percent = progress && progress.total > 0 ? Math.min(100, (progress.done / progress.total) * 100) : 0

  return (
    <>
      <Popover opened={open} onChange={setOpen} position="bottom-end" withArrow trapFocus>
        <Popover.Target>
          <Button
            variant="default"
            leftSection={<IconFileExport size={16} />}
            onClick={() => setOpen((o) => !o)}
            loading={start.isPending}
          >
            {label}
          </Button>
        </Popover.Target>
        <Popover.Dropdown>
          <Stack gap="xs" maw={280}>
            <Text size="sm">
              {audience === 'customer'
                ? 'A CSV file with only the fields this customer receives.'
                : 'A CSV file with every field: contact, details and metadata.'}
            </Text>
            <Checkbox
              label="Add a byte-order mark (for Excel)"
              checked={bom}
              onChange={(e) => setBom(e.currentTarget.checked)}
            />
            <Group justify="flex-end">
              <Button size="xs" onClick={run}>
                Export CSV
              </Button>
            </Group>
          </Stack>
        </Popover.Dropdown>
      </Popover>
      <Modal
        opened={job !== null}
        onClose={() => undefined}
        withCloseButton={false}
        title="Exporting leads"
        closeOnClickOutside={false}
        closeOnEscape={false}
      >
        <Stack>
          <Progress value={percent} animated aria-label="Export progress" />
          <Text size="sm" c="dimmed" data-testid="export-progress">
            {progress
              ? `${progress.done.toLocaleString()} of ${countOf(progress.total, 'lead')}`
              : 'Waiting for the destination…'}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => job && void call('exports/cancel', { jobId: job })}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  )
}
