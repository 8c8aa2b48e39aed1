import {
  Alert,
  Anchor,
  Button,
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
import { notifications } from '@mantine/notifications'
import { IconAlertTriangle, IconFileImport, IconUpload } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { Link } from 'react-router'
import type { ColumnMappingInput, ImportResult, ImportValidation } from '../../../../shared/api/imports'
import { call } from '../../api/client'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { EmptyState } from '../../components/EmptyState'
import { formatDateTime } from '../../components/format'
import { PageHeader } from '../../components/PageHeader'
import { newJobId } from '../exports/files'
import { useProgress } from '../exports/useProgress'
import { CheckPanel } from './CheckPanel'
import { MappingTable } from './MappingTable'
import { PreviewTable } from './PreviewTable'
import { takeFile, usePendingFile } from './pendingFile'
import { uploadFile } from './upload'

interface Uploaded {
  name: string
  uploadId: string
}

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
  const dropped = usePendingFile()
  const [uploaded, setUploaded] = useState<Uploaded | null>(null)
  const [sending, setSending] = useState<{ sent: number; total: number } | null>(null)
  const [customerId, setCustomerId] = useState<string | null>(null)
  const [categoryId, setCategoryId] = useState<string | null>(null)
  /** The operator's choices; until the first change, the preview's auto-matching is used. */
  const [chosen, setMapping] = useState<ColumnMappingInput | null>(null)
  const [hours, setHours] = useState<number>(24)
  const [check, setCheck] = useState<ImportValidation | null>(null)
  const [job, setJob] = useState<string | null>(null)
  const [result, setResult] = useState<ImportResult | null>(null)
  const progress = useProgress(job)
  const [checking, setChecking] = useState<string | null>(null)
  const checkProgress = useProgress(checking)
  const options = useApiQuery('imports/options', {})

  const receive = async (file: File) => {
    setUploaded(null)
    setMapping(null)
    setCheck(null)
    setResult(null)
    try {
      const uploadId = await uploadFile(file, (sent, total) => setSending({ sent, total }))
      setUploaded({ name: file.name, uploadId })
    } catch (e) {
      notifications.show({ color: 'red', title: 'The file could not be read', message: (e as Error).message })
    } finally {
      setSending(null)
    }
  }

  useEffect(() => {
    const file = dropped ? takeFile() : null
    // Taken here, read after this render: the upload updates state as it goes.
    if (file) void Promise.resolve().then(() => receive(file))
  }, [dropped])

  const category = options.data?.categories.find((c) => String(c.id) === categoryId)
  const preview = useApiQuery(
    'imports/preview',
    { uploadId: uploaded?.uploadId ?? '', categoryId: Number(categoryId), mapping: chosen ?? undefined },
    { enabled: Boolean(uploaded && category), placeholderData: (previous) => previous },
  )
  const mapping = chosen ?? preview.data?.autoMapping ?? null

  const validate = useApiMutation('imports/validate', {
    onSuccess: setCheck,
    onSettled: () => setChecking(null),
    onError: (e) => notifications.show({ color: 'red', title: 'The rows could not be checked', message: e.message }),
  })
  const start = useApiMutation('imports/start', {
    onSuccess: (r) => {
      setResult(r)
      if (r.cancelled) notifications.show({ color: 'gray', message: 'Import cancelled: nothing was imported' })
    },
    onError: (e) => notifications.show({ color: 'red', title: 'Import failed', message: e.message }),
    onSettled: () => setJob(null),
  })

  const ready = uploaded && category && mapping && preview.data
  const customerName = options.data?.customers.find((c) => String(c.id) === customerId)?.name

  if (options.isLoading) return <Loader m="xl" />
  if (options.error) return <Alert color="red">{options.error.message}</Alert>

  return (
    <>
      <PageHeader
        title="Import leads"
        description="Drop a CSV file anywhere on the window, or choose one. Leads are imported for a customer and open reverse auctions."
      />
      <Stack gap="md" maw={1100}>
        <Section step={1} title="File">
          <Group>
            <FileButton onChange={(f) => f && void receive(f)} accept=".csv,.tsv,.txt,text/csv">
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
                onChange={(v) => {
                  setCustomerId(v)
                  setResult(null)
                }}
                searchable
                required
              />
              <Select
                label="Lead category"
                placeholder="Fields and validation come from it"
                data={(options.data?.categories ?? []).map((c) => ({ value: String(c.id), label: c.name }))}
                value={categoryId}
                onChange={(v) => {
                  setCategoryId(v)
                  setMapping(null)
                  setCheck(null)
                  setResult(null)
                }}
                searchable
                required
              />
              <NumberInput
                label="Reverse auctions close after (hours)"
                min={1}
                max={720}
                value={hours}
                onChange={(v) => setHours(typeof v === 'number' ? v : 24)}
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
                  {preview.data.headers.length} columns, {preview.data.encoding}, separated by{' '}
                  {preview.data.delimiter === '\t' ? 'tabs' : `"${preview.data.delimiter}"`}.
                </Text>
                {preview.data.warnings.map((w) => (
                  <Alert key={w} color="yellow" icon={<IconAlertTriangle size={16} />}>
                    {w}
                  </Alert>
                ))}
                <MappingTable
                  fields={category.fields}
                  headers={preview.data.headers}
                  mapping={mapping}
                  autoMapping={preview.data.autoMapping}
                  onChange={(m) => {
                    setMapping(m)
                    setCheck(null)
                  }}
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
                  loading={validate.isPending}
                  onClick={() => {
                    const jobId = newJobId('check')
                    setChecking(jobId)
                    validate.mutate({ uploadId: uploaded.uploadId, categoryId: category.id, mapping, jobId })
                  }}
                >
                  Check rows
                </Button>
                <Button
                  disabled={
                    !check ||
                    check.valid === 0 ||
                    !customerId ||
                    start.isPending ||
                    Boolean(result && !result.cancelled)
                  }
                  onClick={() => {
                    const jobId = newJobId('import')
                    setJob(jobId)
                    setResult(null)
                    start.mutate({
                      uploadId: uploaded.uploadId,
                      categoryId: category.id,
                      customerId: Number(customerId),
                      mapping,
                      auctionHours: hours,
                      jobId,
                    })
                  }}
                >
                  {check ? `Import ${check.valid.toLocaleString()} valid rows` : 'Import'}
                </Button>
                {!customerId && check && (
                  <Text size="sm" c="dimmed">
                    Choose the customer first.
                  </Text>
                )}
              </Group>
              {checking && (
                <Text size="sm" c="dimmed" data-testid="check-progress">
                  Checking rows… {checkProgress ? checkProgress.done.toLocaleString() : 0} read
                </Text>
              )}
              {check && <CheckPanel result={check} uploadId={uploaded.uploadId} />}
              {job && (
                <Paper withBorder p="sm" radius="md">
                  <Text size="sm" mb={6} data-testid="import-progress">
                    {progress
                      ? `${progress.label}: ${progress.done.toLocaleString()}${progress.total ? ` of ${progress.total.toLocaleString()}` : ''} rows`
                      : 'Starting…'}
                  </Text>
                  <Progress
                    value={progress && progress.total ? (progress.done / progress.total) * 100 : 5}
                    animated
                    aria-label="Import progress"
                  />
                  <Group justify="flex-end" mt="sm">
                    <Button variant="default" size="xs" onClick={() => void call('imports/cancel', { jobId: job })}>
                      Cancel import
                    </Button>
                  </Group>
                </Paper>
              )}
              {result && !result.cancelled && (
                <Alert color="teal" title="Import finished" data-testid="import-result">
                  Imported {result.imported.toLocaleString()} leads for {customerName ?? 'the customer'}
                  {result.rejected > 0 ? ` (${result.rejected.toLocaleString()} rows rejected)` : ''}. Their reverse
                  auctions close {formatDateTime(result.closesAt)}.{' '}
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
