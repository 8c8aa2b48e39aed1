import { Alert, Badge, Group, List, Paper, Stack, Table, Text } from '@mantine/core'
import { IconArrowRight, IconFlask } from '@tabler/icons-react'
import type { DryRunResult } from '../../../../../shared/api/settings/leadTypes'

export function DryRunPanel(props: { result: DryRunResult }) {
  const { result } = props
  if (result.checked === 0)
    return (
      <Alert icon={<IconFlask />} color="gray" title="Dry run">
        This category has no leads yet, so nothing would change.
      </Alert>
    )
  return (
    <Paper withBorder p="md" data-testid="dry-run-result">
      <Stack gap="xs">
        <Group gap="xs">
          <IconFlask size={18} />
          <Text fw={600}>
            Dry run over the{' '}
            {result.checked === 1 ? 'most recent lead' : `${result.checked.toLocaleString()} most recent leads`}:{' '}
            {result.changed.toLocaleString()} would change lead type
          </Text>
        </Group>
        {result.transitions.length === 0 ? (
          <Text size="sm" c="dimmed">
            Every lead keeps its current type.
          </Text>
        ) : (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>From</Table.Th>
                <Table.Th />
                <Table.Th>To</Table.Th>
                <Table.Th ta="right">Leads</Table.Th>
                <Table.Th>Examples</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {result.transitions.map((t) => (
                <Table.Tr key={`${t.from.id}>${t.to.id}`}>
                  <Table.Td>
                    <Badge variant="light" color="gray" tt="none">
                      {t.from.name}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <IconArrowRight size={14} />
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" tt="none">
                      {t.to.name}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right" fw={600}>
                    {t.count.toLocaleString()}
                  </Table.Td>
                  <Table.Td>
                    <List size="xs">
                      {t.samples.map((s) => (
                        <List.Item key={s.id}>
                          {s.name || 'No name'} {s.email ? `· ${s.email}` : ''}{' '}
                          <Text span size="xs" c="dimmed" ff="monospace">
                            {s.uuid.slice(0, 8)}
                          </Text>
                        </List.Item>
                      ))}
                    </List>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Text size="xs" c="dimmed">
          Nothing was changed. Saving changes the rules for new leads; use Reclassify on leads to apply them to stored
          ones.
        </Text>
      </Stack>
    </Paper>
  )
}
