import { ActionIcon, Alert, Badge, Button, Group, Paper, Stack, Table, Text, Tooltip } from '@mantine/core'
import { IconBroadcast, IconPencil, IconPlugConnected, IconPlus, IconTrash } from '@tabler/icons-react'
import { useState } from 'react'
import type { Input } from '../../../../../shared/api/contract'
import type { PartnerDef } from '../../../../../shared/api/settings/partners'
import { REQUEST_FORMAT_LABELS } from '../../../../../shared/domain/template'
import { useApiQuery } from '../../../api/hooks'
import { EmptyState } from '../../../components/EmptyState'
import { formatMoney } from '../../../components/format'
import { useConfirm } from '../shared/confirm'
import { useSave } from '../shared/useSave'
import { PartnerForm } from './PartnerForm'
import { TestPingModal } from './TestPingModal'

export function PartnersSection() {
  const partners = useApiQuery('partners/list', {})
  const [editing, setEditing] = useState<PartnerDef | 'new' | null>(null)
  const [testing, setTesting] = useState<{ input: Input<'partners/testPing'>; title: string } | null>(null)
  const confirm = useConfirm()
  const remove = useSave('partners/delete', { success: 'Partner deleted', areas: ['partners', 'plans'] })

  return (
    <Stack>
      {confirm.element}
      {editing && <PartnerForm partner={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {testing && <TestPingModal input={testing.input} title={testing.title} onClose={() => setTesting(null)} />}
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          External buyers reached by ping/post and direct post.
        </Text>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
          New partner
        </Button>
      </Group>
      {partners.error && <Alert color="red">{partners.error.message}</Alert>}
      {partners.data?.length === 0 ? (
        <EmptyState icon={<IconPlugConnected size={28} />} title="No partners yet">
          Add a partner to sell leads nobody bid on through ping/post.
        </EmptyState>
      ) : (
        <Paper withBorder>
          <Table highlightOnHover verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Ping / post</Table.Th>
                <Table.Th>Format</Table.Th>
                <Table.Th>Ping carries</Table.Th>
                <Table.Th ta="right">Timeout</Table.Th>
                <Table.Th ta="right">Minimum</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {partners.data?.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>
                    <Group gap="xs">
                      <Text size="sm" fw={500}>
                        {p.name}
                      </Text>
                      {!p.active && (
                        <Badge size="xs" color="gray">
                          inactive
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" ff="monospace">
                      {p.method} {p.pingUrl ?? '—'}
                    </Text>
                    <Text size="xs" ff="monospace" c="dimmed">
                      {p.postUrl}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" size="sm" tt="none">
                      {REQUEST_FORMAT_LABELS[p.request.format]}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">{p.request.ping.entries.map((e) => e.key).join(', ') || '—'}</Text>
                  </Table.Td>
                  <Table.Td ta="right">{p.timeoutMs} ms</Table.Td>
                  <Table.Td ta="right">{formatMoney(p.minPriceCents)}</Table.Td>
                  <Table.Td>
                    <Group gap={2} justify="flex-end" wrap="nowrap">
                      <Button
                        size="compact-sm"
                        variant="light"
                        leftSection={<IconBroadcast size={14} />}
                        onClick={() => setTesting({ input: { id: p.id, kind: 'ping' }, title: p.name })}
                      >
                        Test ping
                      </Button>
                      <ActionIcon variant="subtle" aria-label={`Edit ${p.name}`} onClick={() => setEditing(p)}>
                        <IconPencil size={16} />
                      </ActionIcon>
                      <Tooltip label="Delete partner">
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={`Delete ${p.name}`}
                          onClick={() =>
                            confirm.ask({
                              title: `Delete ${p.name}?`,
                              body: 'Past ping and post records keep their data. Plans that name this partner must be changed.',
                              confirm: 'Delete',
                              onConfirm: () => remove.mutate({ id: p.id }),
                            })
                          }
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Tooltip>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </Stack>
  )
}
