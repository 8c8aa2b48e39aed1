import { Group, Paper, Progress, Skeleton, Stack, Text, UnstyledButton } from '@mantine/core'
import { IconMoodCheck } from '@tabler/icons-react'
import { useNavigate } from 'react-router'
import type { LeadFilter } from '../../../../shared/api/leads'
import type { ReportReasons } from '../../../../shared/domain/reports'
import { EmptyState } from '../../components/EmptyState'
import { leadsLink } from '../leads/table/url-filter'
import { ExportTableButton } from './ExportTableButton'
import type { ReportRange } from '../../../../shared/api/reports'

/** Why leads went unsold, most frequent first; each opens the leads table on exactly those leads. */
export function UnsoldReasons(props: { reasons?: ReportReasons; range: ReportRange }) {
  const navigate = useNavigate()
  const { reasons } = props
  const top = reasons?.rows[0]?.count ?? 0
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      data-testid="unsold-reasons"
      data-from={reasons?.period.from}
      data-to={reasons?.period.to}
    >
      <Group justify="space-between" mb="sm">
        <Text fw={600}>Why leads went unsold</Text>
        <ExportTableButton range={props.range} table="reasons" />
      </Group>
      {!reasons ? (
        <Stack gap="xs">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} h={30} />
          ))}
        </Stack>
      ) : reasons.rows.length === 0 ? (
        <EmptyState icon={<IconMoodCheck size={28} />} title="Every lead of this period sold or is still in progress" />
      ) : (
        <Stack gap={6}>
          {reasons.rows.map((r) => {
            const filter: LeadFilter = {
              unsoldReason: r.reason,
              createdFrom: reasons.period.from,
              createdTo: reasons.period.to,
            }
            return (
              <UnstyledButton
                key={r.reason}
                onClick={() => void navigate(leadsLink(filter))}
                aria-label={`${r.label}: ${r.count} leads`}
                data-testid={`reason-${r.reason}`}
                className="report-reason"
              >
                <Group justify="space-between" gap="xs" wrap="nowrap">
                  <Text size="sm">{r.label}</Text>
                  <Text size="sm" fw={600} data-testid="reason-count">
                    {r.count.toLocaleString()}
                  </Text>
                </Group>
                <Progress value={top > 0 ? (r.count / top) * 100 : 0} size="sm" color="orange" mt={4} />
              </UnstyledButton>
            )
          })}
          <Text size="xs" c="dimmed" mt="xs">
            {reasons.total.toLocaleString()} unsold leads. Click a reason to open them in the leads table.
          </Text>
        </Stack>
      )}
    </Paper>
  )
}
