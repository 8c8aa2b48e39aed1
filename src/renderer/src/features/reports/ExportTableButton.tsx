import { ActionIcon, Tooltip } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconFileExport } from '@tabler/icons-react'
import type { ReportRange, ReportTable } from '../../../../shared/api/reports'
import { countOf } from '../../../../shared/text/plural'
import { useApiMutation } from '../../api/hooks'
import { receiveFile } from '../exports/files'

/** A report table to CSV: the save dialog on the desktop, a download in the browser (as lead exports). */
export function ExportTableButton(props: { range: ReportRange; table: ReportTable }) {
  const save = useApiMutation('reports/export', {
    onSuccess: (r) => receiveFile(r.delivery, `Exported ${countOf(r.rows, 'row')}`),
    onError: (e) => notifications.show({ color: 'red', title: 'Export failed', message: e.message }),
  })
  return (
    <Tooltip label="Export to CSV">
      <ActionIcon
        variant="default"
        className="no-print"
        aria-label={`Export ${props.table} to CSV`}
        loading={save.isPending}
        onClick={() => save.mutate({ ...props.range, table: props.table })}
      >
        <IconFileExport size={16} />
      </ActionIcon>
    </Tooltip>
  )
}
