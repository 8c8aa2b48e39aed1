import { ScrollArea, Table, Text } from '@mantine/core'
import type { ImportField, ImportPreview } from '../../../../shared/api/imports'

function show(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return ''
  return typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v)
}

/** The first rows exactly as they will be stored (normalised), or why they will be rejected. */
export function PreviewTable({ preview, fields }: { preview: ImportPreview; fields: ImportField[] }) {
  return (
    <ScrollArea type="auto">
      <Table withTableBorder withColumnBorders fz="xs" aria-label="Preview of the first rows" miw={fields.length * 120}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Row</Table.Th>
            {fields.map((f) => (
              <Table.Th key={f.key}>{f.label}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {preview.rows.map((r) => (
            <Table.Tr key={r.row}>
              <Table.Td>{r.row}</Table.Td>
              {r.issues.length > 0 ? (
                <Table.Td colSpan={fields.length}>
                  <Text size="xs" c="red">
                    Rejected — {r.issues.map((i) => `${i.field}: ${i.reason}`).join('; ')}
                  </Text>
                </Table.Td>
              ) : (
                fields.map((f) => <Table.Td key={f.key}>{show(r.values[f.key])}</Table.Td>)
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  )
}
