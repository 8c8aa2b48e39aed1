import { Alert, Button, Group, Paper, Stack, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconCircleCheck, IconDownload, IconAlertTriangle } from '@tabler/icons-react'
import { DataTable } from 'mantine-datatable'
import type { ImportValidation } from '../../../../shared/api/imports'
import { useApiMutation } from '../../api/hooks'
import { receiveFile } from '../exports/files'
import { countOf } from '../../../../shared/text/plural'

/** Counts of valid and invalid rows, the problems by row and field, and the rejected rows as a file. */
export function CheckPanel({ result, uploadId }: { result: ImportValidation; uploadId: string }) {
  const save = useApiMutation('imports/saveRejected', {
    onSuccess: (delivery) => receiveFile(delivery, 'Rejected rows'),
    onError: (e) => notifications.show({ color: 'red', message: e.message }),
  })
  return (
    <Stack gap="sm">
      <Group gap="md">
        <Paper withBorder p="sm" radius="md" miw={160}>
          <Text size="xs" c="dimmed">
            Valid rows
          </Text>
          <Group gap={6}>
            <IconCircleCheck size={18} color="var(--mantine-color-teal-6)" />
            <Text fw={700} size="xl" data-testid="valid-count">
              {result.valid.toLocaleString()}
            </Text>
          </Group>
        </Paper>
        <Paper withBorder p="sm" radius="md" miw={160}>
          <Text size="xs" c="dimmed">
            Invalid rows
          </Text>
          <Group gap={6}>
            <IconAlertTriangle size={18} color="var(--mantine-color-red-6)" />
            <Text fw={700} size="xl" data-testid="invalid-count">
              {result.invalid.toLocaleString()}
            </Text>
          </Group>
        </Paper>
        {result.invalid > 0 && (
          <Button
            variant="light"
            leftSection={<IconDownload size={16} />}
            loading={save.isPending}
            onClick={() => save.mutate({ uploadId })}
          >
            Save rejected rows
          </Button>
        )}
      </Group>
      {result.warnings.map((w) => (
        <Alert key={w} color="yellow" icon={<IconAlertTriangle size={16} />}>
          {w}
        </Alert>
      ))}
      {result.issues.length > 0 && (
        <DataTable
          aria-label="Invalid rows"
          withTableBorder
          striped
          height={Math.min(360, 40 + result.issues.length * 34)}
          records={result.issues.map((i, n) => ({ ...i, key: `${i.row}-${i.field}-${n}` }))}
          idAccessor="key"
          columns={[
            { accessor: 'row', title: 'Row', width: 80 },
            { accessor: 'field', title: 'Field', width: 180 },
            { accessor: 'reason', title: 'Reason' },
          ]}
        />
      )}
      {result.truncated && (
        <Text size="xs" c="dimmed">
          The first {countOf(result.issues.length, 'problem')} are listed; the rejected-rows file has them all.
        </Text>
      )}
    </Stack>
  )
}
