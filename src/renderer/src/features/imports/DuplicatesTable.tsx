import { Anchor, Text } from '@mantine/core'
import { DataTable } from 'mantine-datatable'
import { useState } from 'react'
import type { ImportDuplicate } from '../../../../shared/api/imports'
import { LeadDetailDrawer } from '../leads/detail/LeadDetailDrawer'

/** The rows the duplicate rule matches: on which field and value, and the stored lead (opens it) or earlier row. */
export function DuplicatesTable({ duplicates }: { duplicates: ImportDuplicate[] }) {
  const [openId, setOpenId] = useState<number | null>(null)
  return (
    <>
      <DataTable
        aria-label="Duplicate rows"
        withTableBorder
        striped
        height={Math.min(300, 44 + duplicates.length * 38)}
        records={duplicates.map((d) => ({ ...d, key: `${d.row}` }))}
        idAccessor="key"
        columns={[
          { accessor: 'row', title: 'Row', width: 80 },
          { accessor: 'field', title: 'Same', width: 120 },
          { accessor: 'value', title: 'Value', width: 220, ellipsis: true },
          {
            accessor: 'of',
            title: 'Duplicate of',
            render: (d) =>
              d.of.kind === 'lead' ? (
                <Anchor
                  component="button"
                  size="sm"
                  onClick={() => d.of.kind === 'lead' && setOpenId(d.of.id)}
                  aria-label={`Open lead ${d.of.uuid}`}
                >
                  lead {d.of.uuid.slice(0, 8)}
                </Anchor>
              ) : (
                <Text size="sm">row {d.of.row} of this file</Text>
              ),
          },
        ]}
      />
      <LeadDetailDrawer leadId={openId} onClose={() => setOpenId(null)} />
    </>
  )
}
