import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  FileButton,
  Group,
  Loader,
  NumberInput,
  Paper,
  Progress,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core'
import { IconAlertTriangle, IconFileImport, IconRefresh, IconUpload } from '@tabler/icons-react'
import { Link } from 'react-router'
import { useApiQuery } from '../../api/hooks'
import { EmptyState } from '../../components/EmptyState'
import { formatDateTime } from '../../components/format'
import { PageHeader } from '../../components/PageHeader'
import type { DuplicateChoice, ImportValidation } from '../../../../shared/api/imports'
import { CheckPanel } from './CheckPanel'
import { MappingTable } from './MappingTable'
import { PreviewTable } from './PreviewTable'
import {
  cancelImport,
  checkRows,
  chooseCategory,
  chooseCustomer,
  chooseDuplicates,
  chooseFixed,
  chooseHours,
  chooseMapping,
  confirmReimport,
  receiveFile,
  startImport,
  startOver,
  useImportDraft,
} from './importDraft'
import { countOf, plural } from '../../../../shared/text/plural'

function Section(props: { step: number; title: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={4} mb="sm">
        {props.step}. {props.title}
      </Title>
      {props.children}
    </Paper>
  )
}

/**
 * Import a CSV file for a customer: file → customer and category → column mapping with a preview
 * → check every row → import (one transaction; each lead opens a reverse auction).
 */
export function ImportPage() {
  const draft = useImportDraft()
  const { uploaded, sending, customerId, categoryId, chosen, hours, check, checking, running, result } = draft
  // A fixed value still being typed is not sent until it has text.
  const fixed = Object.fromEntries(Object.entries(draft.fixed).filter(([, v]) => v.trim() !== ''))
  const progress = running?.progress ?? null
  const options = useApiQuery('imports/options', {})

  const category = options.data?.categories.find((c) => String(c.id) === categoryId)
  const preview = useApiQuery(
    'imports/preview',
    { uploadId: uploaded?.uploadId ?? '', categoryId: Number(categoryId), mapping: chosen ?? undefined, fixed },
    { enabled: Boolean(uploaded && category), placeholderData: (previous) => previous },
  )
  const mapping = chosen ?? preview.data?.autoMapping ?? null

  const ready = uploaded && category && mapping && preview.data
  const earlier = check?.earlier ?? preview.data?.earlier ?? null
  const customerName = options.data?.customers.find((c) => String(c.id) === customerId)?.name

  if (options.isLoading) return <Loader m="xl" />
  if (options.error) return <Alert color="red">{options.error.message}</Alert>

  return (
    <>
      <PageHeader
        title="Import leads"
        description="Drop a CSV file anywhere on the window, or choose one. Leads are imported for a customer and open reverse auctions."
        actions={
          (uploaded || sending) && (
            <Button
              variant="default"
              leftSection={<IconRefresh size={16} />}
              onClick={startOver}
              // A running import cannot be forgotten half-way: cancel it or let it finish first.
              disabled={Boolean(running)}
            >
              Start over
            </Button>
          )
        }
      />
      <Stack gap="md" maw={1100}>
        <Section step={1} title="File">
          <Group>
            <FileButton onChange={(f) => f && void receiveFile(f)} accept=".csv,.tsv,.txt,text/csv">
              {(props) => (
                <Button {...props} leftSection={<IconUpload size={16} />} variant="default">
                  Choose a CSV file…
                </Button>
              )}
            </FileButton>
            {uploaded && (
              <Text size="sm" data-testid="import-file">
                {uploaded.name}
              </Text>
            )}
          </Group>
          {sending && (
            <Progress mt="sm" value={(sending.sent / Math.max(1, sending.total)) * 100} aria-label="Upload progress" />
          )}
          {!uploaded && !sending && (
            <EmptyState icon={<IconFileImport size={28} />} title="No file yet">
              Drag a CSV file onto this window. Comma, semicolon and tab separated files are read, in UTF-8 or UTF-16.
            </EmptyState>
          )}
        </Section>

        {uploaded && (
          <Section step={2} title="Customer and category">
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Select
                label="Customer"
                placeholder="Who wants these leads"
                data={(options.data?.customers ?? []).map((c) => ({ value: String(c.id), label: c.name }))}
                value={customerId}
                onChange={chooseCustomer}
                searchable
                required
              />
              <Select
                label="Lead category"
                placeholder="Fields and validation come from it"
                data={(options.data?.categories ?? []).map((c) => ({ value: String(c.id), label: c.name }))}
                value={categoryId}
                onChange={chooseCategory}
                searchable
                required
              />
              <NumberInput
                label="Reverse auctions close after (hours)"
                min={1}
                max={720}
                value={hours}
                onChange={(v) => chooseHours(typeof v === 'number' ? v : 24)}
              />
            </SimpleGrid>
          </Section>
        )}

        {uploaded && category && (
          <Section step={3} title="Columns">
            {preview.error && <Alert color="red">{preview.error.message}</Alert>}
            {preview.isLoading && <Loader size="sm" />}
            {preview.data && mapping && (
              <Stack>
                <Text size="sm" c="dimmed">
                  {countOf(preview.data.headers.length, 'column')}, {preview.data.encoding}, separated by{' '}
                  {preview.data.delimiter === '\t' ? 'tabs' : `"${preview.data.delimiter}"`}.
                </Text>
                {preview.data.warnings.map((w) => (
                  <Alert key={w} color="yellow" icon={<IconAlertTriangle size={16} />}>
                    {w}
                  </Alert>
                ))}
                {earlier && (
                  <Alert color="orange" icon={<IconAlertTriangle size={16} />} title="This file was imported before">
                    This file was imported on {formatDateTime(earlier.createdAt)} as batch {earlier.batchId} (
                    {earlier.imported.toLocaleString()} lead{earlier.imported === 1 ? '' : 's'}
                    {earlier.fileName !== uploaded.name ? `, as ${earlier.fileName}` : ''}).
                  </Alert>
                )}
                <MappingTable
                  fields={category.fields}
                  headers={preview.data.headers}
                  mapping={mapping}
                  autoMapping={preview.data.autoMapping}
                  fixed={draft.fixed}
                  onChange={chooseMapping}
                  onFixed={chooseFixed}
                />
                <Text fw={600} size="sm">
                  First rows as they will be stored
                </Text>
                <PreviewTable preview={preview.data} fields={category.fields} />
              </Stack>
            )}
          </Section>
        )}

        {ready && (
          <Section step={4} title="Check and import">
            <Stack>
              <Group>
                <Button
                  variant="light"
                  loading={Boolean(checking)}
                  onClick={() =>
                    void checkRows({ uploadId: uploaded.uploadId, categoryId: category.id, mapping, fixed })
                  }
                >
                  Check rows
                </Button>
                <Button
                  disabled={
                    !check ||
                    check.valid === 0 ||
                    !customerId ||
                    (earlier !== null && !draft.confirmReimport) ||
                    Boolean(running) ||
                    Boolean(result && !result.cancelled)
                  }
                  onClick={() =>
                    void startImport({
                      uploadId: uploaded.uploadId,
                      categoryId: category.id,
                      customerId: Number(customerId),
                      mapping,
                      fixed,
                      auctionHours: hours,
                      duplicates: draft.duplicates,
                      confirmReimport: draft.confirmReimport,
                    })
                  }
                >
                  {check ? `Import ${countOf(importable(check, draft.duplicates), 'row')}` : 'Import'}
                </Button>
                {!customerId && check && (
                  <Text size="sm" c="dimmed">
                    Choose the customer first.
                  </Text>
                )}
              </Group>
              {checking && (
                <Text size="sm" c="dimmed" data-testid="check-progress">
                  Checking rows… {checking.progress ? checking.progress.done.toLocaleString() : 0} read
                </Text>
              )}
              {check && (
                <CheckPanel
                  result={check}
                  uploadId={uploaded.uploadId}
                  duplicates={draft.duplicates}
                  onDuplicates={chooseDuplicates}
                />
              )}
              {check && earlier && (
                <Checkbox
                  label={`Import this file again anyway (it was imported as batch ${earlier.batchId})`}
                  checked={draft.confirmReimport}
                  onChange={(e) => confirmReimport(e.currentTarget.checked)}
                />
              )}
              {running && (
                <Paper withBorder p="sm" radius="md">
                  <Text size="sm" mb={6} data-testid="import-progress">
                    {progress
                      ? `${progress.label}: ${progress.done.toLocaleString()}${progress.total ? ` of ${progress.total.toLocaleString()}` : ''} ${plural(progress.total || progress.done, 'row')}`
                      : 'Starting…'}
                  </Text>
                  <Progress
                    value={progress && progress.total ? (progress.done / progress.total) * 100 : 5}
                    animated
                    aria-label="Import progress"
                  />
                  <Group justify="flex-end" mt="sm">
                    <Button variant="default" size="xs" onClick={cancelImport}>
                      Cancel import
                    </Button>
                  </Group>
                </Paper>
              )}
              {result && !result.cancelled && (
                <Alert color="teal" title="Import finished" data-testid="import-result">
                  Imported {countOf(result.imported, 'lead')} for {customerName ?? 'the customer'}
                  {result.rejected > 0 ? ` (${countOf(result.rejected, 'row')} rejected)` : ''}
                  {result.duplicates > 0
                    ? draft.duplicates === 'skip'
                      ? `; ${countOf(result.duplicates, 'duplicate')} skipped`
                      : `; ${result.duplicates.toLocaleString()} of them with status Duplicate`
                    : ''}
                  . Their reverse auctions close {formatDateTime(result.closesAt)}.{' '}
                  <Anchor component={Link} to="/marketplace">
                    Open the marketplace
                  </Anchor>
                </Alert>
              )}
            </Stack>
          </Section>
        )}
      </Stack>
    </>
  )
}

/** Rows the import will store: the valid ones, less the duplicates when they are skipped. */
function importable(check: ImportValidation, duplicates: DuplicateChoice): number {
  return duplicates === 'skip' ? check.valid - check.duplicates.count : check.valid
}
