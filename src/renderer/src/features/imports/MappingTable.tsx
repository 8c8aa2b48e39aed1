import { Badge, Group, Select, Table, Text, TextInput } from '@mantine/core'
import type { ColumnMappingInput, FixedValuesInput, ImportField } from '../../../../shared/api/imports'

const NONE = 'none'
const FIXED = 'fixed'

/**
 * Every field of the category with the CSV column it reads from, or a fixed value every row
 * takes (e.g. State = TX for a list without states); required fields are marked.
 */
export function MappingTable(props: {
  fields: ImportField[]
  headers: string[]
  mapping: ColumnMappingInput
  autoMapping: ColumnMappingInput
  fixed: FixedValuesInput
  onChange: (mapping: ColumnMappingInput) => void
  onFixed: (key: string, value: string | null) => void
}) {
  const columns = [
    { value: NONE, label: '— not imported —' },
    { value: FIXED, label: '— the same value for every row —' },
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
          const fixed = props.fixed[f.key]
          const index = fixed === undefined ? (props.mapping[f.key] ?? null) : null
          const auto = index !== null && props.autoMapping[f.key] === index
          const missing = f.required && index === null && (fixed === undefined || fixed.trim() === '')
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
              <Table.Td w={520}>
                <Group gap="xs" align="flex-start" wrap="nowrap">
                  <Select
                    w={250}
                    aria-label={`Column for ${f.label}`}
                    data={columns}
                    value={fixed !== undefined ? FIXED : index === null ? NONE : String(index)}
                    allowDeselect={false}
                    error={missing && fixed === undefined ? 'Choose a column or a value' : undefined}
                    description={auto ? 'Matched by name' : undefined}
                    onChange={(v) => {
                      if (v === FIXED) {
                        props.onChange({ ...props.mapping, [f.key]: null })
                        props.onFixed(f.key, '')
                        return
                      }
                      if (fixed !== undefined) props.onFixed(f.key, null)
                      props.onChange({ ...props.mapping, [f.key]: v === null || v === NONE ? null : Number(v) })
                    }}
                    size="xs"
                    searchable
                  />
                  {fixed !== undefined && (
                    <TextInput
                      w={250}
                      size="xs"
                      aria-label={`Value for ${f.label}`}
                      placeholder="Value for every row"
                      value={fixed}
                      error={missing ? 'Enter the value' : undefined}
                      onChange={(e) => props.onFixed(f.key, e.currentTarget.value)}
                      data-autofocus
                    />
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          )
        })}
      </Table.Tbody>
    </Table>
  )
}
