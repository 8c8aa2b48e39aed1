import { Alert, Button, Group, Paper, Radio, Stack, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconCircleCheck, IconCopy, IconDownload, IconAlertTriangle } from '@tabler/icons-react'
import { DataTable } from 'mantine-datatable'
import type { DuplicateChoice, ImportValidation } from '../../../../shared/api/imports'
import { useApiMutation } from '../../api/hooks'
import { receiveFile } from '../exports/files'
import { countOf } from '../../../../shared/text/plural'
import { DuplicatesTable } from './DuplicatesTable'

/**
 * Counts of valid, invalid and duplicate rows; the problems by row and field (a row the CSV
 * reader could not read is named "Row"); the duplicates and what to do with them; the rejected
 * rows as a file.
 */
export function CheckPanel({
  result,
  uploadId,
  duplicates,
  onDuplicates,
}: {
  result: ImportValidation
  uploadId: string
  duplicates: DuplicateChoice
  onDuplicates: (choice: DuplicateChoice) => void
}) {
  const dups = result.duplicates
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
        <Paper withBorder p="sm" radius="md" miw={160}>
          <Text size="xs" c="dimmed">
            Duplicates
          </Text>
          <Group gap={6}>
            <IconCopy size={18} color="var(--mantine-color-orange-6)" />
            <Text fw={700} size="xl" data-testid="duplicate-count">
              {dups.count.toLocaleString()}
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
          height={Math.min(360, 44 + result.issues.length * 38)}
          records={result.issues.map((i, n) => ({ ...i, key: `${i.row}-${i.field}-${n}` }))}
          idAccessor="key"
          columns={[
            { accessor: 'row', title: 'Row', width: 80 },
            { accessor: 'field', title: 'Field', width: 180 },
            { accessor: 'reason', title: 'Reason' },
          ]}
        />
      )}
      {dups.count > 0 && (
        <Stack gap="xs">
          <Text size="sm">
            {dups.count.toLocaleString()} valid row{dups.count === 1 ? ' repeats' : 's repeat'} a lead received in the
            last {dups.days} day{dups.days === 1 ? '' : 's'}, or an earlier row of this file, on{' '}
            {dups.keys.join(' or ')} (the category&apos;s duplicate rule).
          </Text>
          <DuplicatesTable duplicates={dups.listed} />
          <Radio.Group
            value={duplicates}
            onChange={(v) => onDuplicates(v === 'import' ? 'import' : 'skip')}
            label="Duplicates"
          >
            <Group mt={4}>
              <Radio value="skip" label="Skip them" />
              <Radio value="import" label="Import them with status Duplicate" />
            </Group>
          </Radio.Group>
        </Stack>
      )}
      {result.truncated && (
        <Text size="xs" c="dimmed">
          The first {countOf(result.issues.length, 'problem')} are listed; the rejected-rows file has them all.
        </Text>
      )}
    </Stack>
  )
}
