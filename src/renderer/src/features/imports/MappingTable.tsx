import { Badge, Group, Select, Table, Text } from '@mantine/core'
import type { ColumnMappingInput, ImportField } from '../../../../shared/api/imports'

const NONE = 'none'

/** Every field of the category with the CSV column it reads from; required fields are marked. */
export function MappingTable(props: {
  fields: ImportField[]
  headers: string[]
  mapping: ColumnMappingInput
  autoMapping: ColumnMappingInput
  onChange: (mapping: ColumnMappingInput) => void
}) {
  const columns = [
    { value: NONE, label: '— not imported —' },
    ...props.headers.map((h, i) => ({ value: String(i), label: h })),
  ]
  return (
    <Table verticalSpacing={6} aria-label="Column mapping" striped>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Field</Table.Th>
          <Table.Th>CSV column</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {props.fields.map((f) => {
          const index = props.mapping[f.key] ?? null
          const auto = index !== null && props.autoMapping[f.key] === index
          return (
            <Table.Tr key={f.key}>
              <Table.Td>
                <Group gap={6}>
                  <Text size="sm" fw={500}>
                    {f.label}
                  </Text>
                  {f.required && (
                    <Badge size="xs" color="red" variant="light">
                      required
                    </Badge>
                  )}
                  {!f.standard && (
                    <Badge size="xs" variant="outline" color="gray">
                      custom
                    </Badge>
                  )}
                  {!f.deliverable && (
                    <Badge size="xs" variant="outline" color="orange">
                      not delivered
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td w={280}>
                <Select
                  aria-label={`Column for ${f.label}`}
                  data={columns}
                  value={index === null ? NONE : String(index)}
                  allowDeselect={false}
                  error={f.required && index === null ? 'Choose a column' : undefined}
                  description={auto ? 'Matched by name' : undefined}
                  onChange={(v) =>
                    props.onChange({ ...props.mapping, [f.key]: v === null || v === NONE ? null : Number(v) })
                  }
                  size="xs"
                  searchable
                />
              </Table.Td>
            </Table.Tr>
          )
        })}
      </Table.Tbody>
    </Table>
  )
}
