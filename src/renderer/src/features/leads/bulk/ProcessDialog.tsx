import { Alert, Badge, Button, Group, Loader, Modal, Progress, Radio, Stack, Stepper, Table, Text } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { useState } from 'react'
import type { LeadSelection, ReprocessSummary } from '../../../../../shared/api/leads'
import { type LeadStatus, STAGE_KINDS, STAGE_LABELS, type StageKind } from '../../../../../shared/domain/lead'
import { useApiMutation, useApiQuery } from '../../../api/hooks'
import { plural } from '../../../../../shared/text/plural'
import { StatusBadge } from '../../../components/StatusBadge'
import { newJobId, useJobProgress } from './useJobProgress'

type Step = 0 | 1 | 2 | 3

/** Bulk reprocess: breakdown → start stage → confirm → progress → summary. */
export function ProcessDialog(props: { selection: LeadSelection; count: number; onClose: (done: boolean) => void }) {
  const [step, setStep] = useState<Step>(0)
  const [from, setFrom] = useState<StageKind>('bidding')
  const [job, setJob] = useState<string | null>(null)
  const preview = useApiQuery('leads/reprocessPreview', { selection: props.selection }, { staleTime: 0 })
  const run = useApiMutation('leads/reprocess', { onSuccess: () => setStep(3) })
  const progress = useJobProgress(job)
  const breakdown = preview.data
  const running = run.isPending
  const refusedByStart = breakdown && from !== 'bidding' ? breakdown.withoutLeadType : 0
  const toRun = breakdown ? breakdown.eligible - refusedByStart : 0
  const leftAlone = breakdown ? breakdown.notEligible + refusedByStart : 0

  return (
    <Modal
      opened
      onClose={() => !running && props.onClose(step === 3)}
      title="Process selected leads"
      size={760}
      closeOnEscape={!running}
      closeOnClickOutside={!running}
      withCloseButton={!running}
    >
      <Stepper active={step} size="sm" mb="md" allowNextStepsSelect={false}>
        <Stepper.Step label="Breakdown" />
        <Stepper.Step label="Start stage" />
        <Stepper.Step label="Confirm" />
        <Stepper.Step label="Summary" />
      </Stepper>

      {step === 0 && (
        <Stack>
          {preview.isPending && <Loader size="sm" />}
          {preview.error && <Alert color="red">{preview.error.message}</Alert>}
          {breakdown && (
            <>
              <Text size="sm">
                <b data-testid="breakdown-eligible">{breakdown.eligible.toLocaleString()}</b> of{' '}
                <b data-testid="breakdown-total">{breakdown.total.toLocaleString()}</b> selected{' '}
                {plural(breakdown.total, 'lead')} can be processed. Only Pending, Unassigned, Uncategorized and
                Distribution Error leads are sent through distribution again.
              </Text>
              {breakdown.withoutLeadType > 0 && (
                <Text size="sm" data-testid="breakdown-without-type">
                  <b>{breakdown.withoutLeadType.toLocaleString()}</b> of them{' '}
                  {breakdown.withoutLeadType === 1 ? 'has' : 'have'} no lead type: a start from Bidding classifies them
                  again; a later start refuses them.
                </Text>
              )}
              <Table withTableBorder striped aria-label="Breakdown by status">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Status</Table.Th>
                    <Table.Th ta="right">Leads</Table.Th>
                    <Table.Th>Will be processed</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {breakdown.byStatus.map((s) => (
                    <Table.Tr key={s.status} data-testid={`breakdown-${s.status}`}>
                      <Table.Td>
                        <StatusBadge status={s.status} />
                      </Table.Td>
                      <Table.Td ta="right">{s.count.toLocaleString()}</Table.Td>
                      <Table.Td>
                        {s.eligible ? (
                          <Badge color="teal" variant="light">
                            Eligible
                          </Badge>
                        ) : (
                          <Text size="sm" c="dimmed">
                            Not eligible: {notEligibleWhy(s.status)}
                          </Text>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => props.onClose(false)}>
              Cancel
            </Button>
            <Button disabled={!breakdown || breakdown.eligible === 0} onClick={() => setStep(1)}>
              Next
            </Button>
          </Group>
        </Stack>
      )}

      {step === 1 && (
        <Stack>
          <Radio.Group
            label="Start from"
            description="A later stage skips what was already tried and keeps each lead's classification."
            value={from}
            onChange={(v) => setFrom(v as StageKind)}
          >
            <Stack gap="xs" mt="xs">
              {STAGE_KINDS.map((k) => (
                <Radio
                  key={k}
                  value={k}
                  label={STAGE_LABELS[k]}
                  description={
                    k === 'bidding'
                      ? 'The whole process from the beginning, as for a new lead: validation, classification, duplicate check, audit, threshold, then the plan'
                      : undefined
                  }
                />
              ))}
            </Stack>
          </Radio.Group>
          {breakdown && refusedByStart > 0 && (
            <Alert color="yellow" icon={<IconAlertTriangle />} data-testid="refused-without-type">
              {refusedByStart.toLocaleString()} {plural(refusedByStart, 'lead')} without a lead type will be refused
              from {STAGE_LABELS[from]}: only Bidding classifies them again.
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setStep(0)}>
              Back
            </Button>
            <Button disabled={toRun === 0} onClick={() => setStep(2)}>
              Next
            </Button>
          </Group>
        </Stack>
      )}

      {step === 2 && breakdown && (
        <Stack>
          <Text>
            Process <b>{toRun.toLocaleString()}</b> {plural(toRun, 'lead')} starting at <b>{STAGE_LABELS[from]}</b>?
            {leftAlone > 0 && ` ${leftAlone.toLocaleString()} not eligible will be left as they are.`}
          </Text>
          {running && (
            <Stack gap={4}>
              <Progress
                value={progress && progress.total ? (progress.done / progress.total) * 100 : 0}
                animated
                aria-label="Reprocess progress"
              />
              <Text size="xs" c="dimmed">
                {progress ? `${progress.done.toLocaleString()} / ${progress.total.toLocaleString()}` : 'Starting…'}
              </Text>
            </Stack>
          )}
          {run.error && (
            <Alert color="red" icon={<IconAlertTriangle />}>
              {run.error.message}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" disabled={running} onClick={() => setStep(1)}>
              Back
            </Button>
            <Button
              loading={running}
              onClick={() => {
                const id = newJobId('reprocess')
                setJob(id)
                // Bidding is the whole process from the beginning (null), not the plan's first stage alone.
                run.mutate({ selection: props.selection, from: from === 'bidding' ? null : from, job: id })
              }}
            >
              Process {toRun.toLocaleString()} {plural(toRun, 'lead')}
            </Button>
          </Group>
        </Stack>
      )}

      {step === 3 && run.data && (
        <Stack>
          <Summary summary={run.data} />
          <Group justify="flex-end">
            <Button onClick={() => props.onClose(true)}>Done</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  )
}

function Summary({ summary }: { summary: ReprocessSummary }) {
  const outcomes = Object.entries(summary.outcomes).filter(([, n]) => (n ?? 0) > 0) as [LeadStatus, number][]
  const refused = summary.refused.reduce((sum, r) => sum + r.count, 0)
  return (
    <Stack gap="xs" data-testid="reprocess-summary">
      <Text fw={600}>
        {(summary.requested - summary.skipped - refused).toLocaleString()} processed
        {summary.skipped > 0 && `, ${summary.skipped.toLocaleString()} skipped (not eligible)`}
      </Text>
      {summary.refused.map((r) => (
        <Text key={r.reason} size="sm" c="orange" data-testid="reprocess-refused">
          {r.count.toLocaleString()} refused: {r.reason}
        </Text>
      ))}
      <Table withTableBorder aria-label="Outcomes">
        <Table.Tbody>
          {outcomes.map(([status, n]) => (
            <Table.Tr key={status}>
              <Table.Td>
                <StatusBadge status={status} />
              </Table.Td>
              <Table.Td ta="right">{n.toLocaleString()}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  )
}

function notEligibleWhy(status: LeadStatus): string {
  switch (status) {
    case 'Assigned':
    case 'Posted':
    case 'Returned':
      return 'already sold'
    case 'Duplicate':
      return 'duplicate of an earlier lead'
    case 'Audit':
      return 'waiting for audit review'
    case 'Marketplace':
      return 'listed on the marketplace'
    case 'Withheld':
      return 'held by the subscription threshold'
    default:
      return 'not in a reprocessable status'
  }
}
