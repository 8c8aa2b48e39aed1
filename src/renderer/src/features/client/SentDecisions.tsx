import { Badge, Paper, Stack, Table, Text, Title } from '@mantine/core'
import { conflictText, clock, type ServerStatus } from './queries'

const OUTCOME = {
  applied: { color: 'teal', label: 'Applied' },
  conflict: { color: 'orange', label: 'Conflict' },
  failed: { color: 'red', label: 'Not applied' },
} as const

/** Decisions taken offline and sent on reconnection: applied, or who decided the lead first. */
export function SentDecisions(props: { status: ServerStatus }) {
  const { results } = props.status
  if (results.length === 0) return null
  return (
    <Paper withBorder radius="md" p="md" mt="lg" data-testid="sent-decisions">
      <Stack gap="xs">
        <Title order={4}>Sent decisions</Title>
        <Text size="sm" c="dimmed">
          Decisions taken while offline, as the team server took them.
        </Text>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Lead</Table.Th>
              <Table.Th>Your decision</Table.Th>
              <Table.Th>Result</Table.Th>
              <Table.Th>Sent</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {results.map((r) => (
              <Table.Tr key={`${r.leadId}-${r.sentAt}`} data-testid="sent-decision" data-outcome={r.outcome}>
                <Table.Td>#{r.leadId}</Table.Td>
                <Table.Td>{r.decision === 'approve' ? 'Approve' : 'Reject'}</Table.Td>
                <Table.Td>
                  <Badge color={OUTCOME[r.outcome].color} variant="light" mr="xs">
                    {OUTCOME[r.outcome].label}
                  </Badge>
                  <Text span size="sm">
                    {r.outcome === 'conflict' ? conflictText(r) : r.message}
                  </Text>
                </Table.Td>
                <Table.Td>{clock(r.sentAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Paper>
  )
}
