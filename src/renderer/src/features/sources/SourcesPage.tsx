import { ActionIcon, Badge, Button, Code, Group, Paper, Text, Tooltip } from '@mantine/core'
import { IconPencil, IconPlugConnected, IconPlus, IconRefresh } from '@tabler/icons-react'
import { DataTable } from 'mantine-datatable'
import { useState } from 'react'
import type { SourceDef } from '../../../../shared/api/settings/sources'
import { useApiQuery } from '../../api/hooks'
import { EmptyState } from '../../components/EmptyState'
import { formatDateTime, formatMoney } from '../../components/format'
import { PageHeader } from '../../components/PageHeader'
import { useSession } from '../auth/session'
import { useConfirm } from '../settings/shared/confirm'
import { useSave } from '../settings/shared/useSave'
import { KeyReveal } from './KeyReveal'
import { SourceForm } from './SourceForm'

export function SourcesPage() {
  const session = useSession()
  const canEdit = session.can('settings.manage')
  const sources = useApiQuery('sources/list', {})
  const intake = useApiQuery('intake/get', {}, { enabled: canEdit })
  const [editing, setEditing] = useState<SourceDef | 'new' | null>(null)
  const [revealed, setRevealed] = useState<{ source: SourceDef; apiKey: string } | null>(null)
  const confirm = useConfirm()
  const rotate = useSave('sources/rotateKey', { areas: ['sources'], onSuccess: setRevealed })

  return (
    <>
      {confirm.element}
      {editing && (
        <SourceForm
          source={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onCreated={(created) => {
            setEditing(null)
            setRevealed(created)
          }}
        />
      )}
      {revealed && <KeyReveal source={revealed.source} apiKey={revealed.apiKey} onClose={() => setRevealed(null)} />}
      <PageHeader
        title="Sources"
        description="Publishers and forms that send leads, each with its own API key."
        actions={
          canEdit && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
              New source
            </Button>
          )
        }
      />
      {intake.data && (
        <Text size="sm" mb="sm">
          Sources post leads to <Code>{intake.data.url}/api/v1/leads</Code> with their key in the <Code>X-Api-Key</Code>{' '}
          header.
        </Text>
      )}
      <Paper withBorder>
        <DataTable<SourceDef>
          minHeight={240}
          records={sources.data ?? []}
          fetching={sources.isLoading}
          emptyState={
            sources.isLoading ? undefined : (
              <EmptyState icon={<IconPlugConnected size={28} />} title="No sources yet">
                {sources.error ? sources.error.message : 'Create a source to get an API key for the intake API.'}
              </EmptyState>
            )
          }
          columns={[
            {
              accessor: 'name',
              render: (s) => (
                <Group gap="xs">
                  <Text size="sm" fw={500}>
                    {s.name}
                  </Text>
                  {!s.active && (
                    <Badge size="xs" color="gray">
                      inactive
                    </Badge>
                  )}
                </Group>
              ),
            },
            { accessor: 'apiKeyHint', title: 'Key', render: (s) => <Code>{s.apiKeyHint}</Code> },
            { accessor: 'defaultCategoryName', title: 'Default category', render: (s) => s.defaultCategoryName ?? '—' },
            {
              accessor: 'costPerLeadCents',
              title: 'Cost per lead',
              textAlign: 'right',
              render: (s) => formatMoney(s.costPerLeadCents),
            },
            { accessor: 'createdAt', title: 'Created', render: (s) => formatDateTime(s.createdAt) },
            {
              accessor: 'actions',
              title: '',
              textAlign: 'right',
              render: (s) =>
                canEdit && (
                  <Group gap={2} justify="flex-end" wrap="nowrap">
                    <Tooltip label="Rotate key">
                      <ActionIcon
                        variant="subtle"
                        aria-label={`Rotate the key of ${s.name}`}
                        onClick={() =>
                          confirm.ask({
                            title: `Rotate the key of ${s.name}?`,
                            body: 'The current key stops working at once. The source must switch to the new key.',
                            confirm: 'Rotate key',
                            color: 'orange',
                            onConfirm: () => rotate.mutate({ id: s.id }),
                          })
                        }
                      >
                        <IconRefresh size={16} />
                      </ActionIcon>
                    </Tooltip>
                    <ActionIcon variant="subtle" aria-label={`Edit ${s.name}`} onClick={() => setEditing(s)}>
                      <IconPencil size={16} />
                    </ActionIcon>
                  </Group>
                ),
            },
          ]}
        />
      </Paper>
    </>
  )
}
