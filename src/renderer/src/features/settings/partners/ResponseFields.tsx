import { Group, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core'
import type { PartnerResponse } from '../../../../../shared/domain/config'

const DEFAULTS: Record<PartnerResponse['format'], PartnerResponse> = {
  json: { format: 'json', acceptedPath: 'accepted', pricePath: 'price', referencePath: 'id', priceUnit: 'dollars' },
  xml: {
    format: 'xml',
    acceptedPath: 'status',
    acceptedValue: 'accepted',
    pricePath: 'price',
    referencePath: 'id',
    priceUnit: 'dollars',
  },
  regex: { format: 'regex', acceptedPattern: 'accepted', pricePattern: 'price=([0-9.]+)', priceUnit: 'dollars' },
}

/** How the partner's answer is read: JSON or XML paths, or regular expressions with one group. */
export function ResponseFields(props: {
  response: PartnerResponse
  onChange: (r: PartnerResponse) => void
  errors: Record<string, string>
}) {
  const { response } = props
  const set = (patch: Partial<PartnerResponse>) => props.onChange({ ...response, ...patch } as PartnerResponse)
  const err = (k: string) => props.errors[`response.${k}`]
  return (
    <Stack gap={6}>
      <Group justify="space-between">
        <Text fw={600} size="sm">
          Reading the answer
        </Text>
        <SegmentedControl
          size="xs"
          value={response.format}
          onChange={(v) => props.onChange(DEFAULTS[v === 'xml' || v === 'regex' ? v : 'json'])}
          data={[
            { value: 'json', label: 'JSON paths' },
            { value: 'xml', label: 'XML paths' },
            { value: 'regex', label: 'Regular expressions' },
          ]}
        />
      </Group>
      {response.format === 'regex' ? (
        <SimpleGrid cols={3}>
          <TextInput
            label="Accepted pattern"
            value={response.acceptedPattern}
            error={err('acceptedPattern')}
            onChange={(e) => set({ acceptedPattern: e.currentTarget.value })}
          />
          <TextInput
            label="Price pattern"
            value={response.pricePattern ?? ''}
            error={err('pricePattern')}
            onChange={(e) => set({ pricePattern: e.currentTarget.value || undefined })}
          />
          <TextInput
            label="Reference pattern"
            value={response.referencePattern ?? ''}
            error={err('referencePattern')}
            onChange={(e) => set({ referencePattern: e.currentTarget.value || undefined })}
          />
        </SimpleGrid>
      ) : (
        <SimpleGrid cols={4}>
          <TextInput
            label="Accepted path"
            description={response.format === 'xml' ? 'Below the root element' : undefined}
            value={response.acceptedPath}
            error={err('acceptedPath')}
            onChange={(e) => set({ acceptedPath: e.currentTarget.value })}
          />
          <TextInput
            label="Accepted value"
            description={response.format === 'xml' ? 'Empty: any true value' : undefined}
            placeholder="any true value"
            value={response.acceptedValue === undefined ? '' : String(response.acceptedValue)}
            onChange={(e) => set({ acceptedValue: e.currentTarget.value || undefined })}
          />
          <TextInput
            label="Price path"
            description={response.format === 'xml' ? ' ' : undefined}
            value={response.pricePath}
            onChange={(e) => set({ pricePath: e.currentTarget.value })}
          />
          <TextInput
            label="Reference path"
            description={response.format === 'xml' ? ' ' : undefined}
            value={response.referencePath}
            onChange={(e) => set({ referencePath: e.currentTarget.value })}
          />
        </SimpleGrid>
      )}
      <Select
        label="Prices are in"
        data={[
          { value: 'dollars', label: 'Dollars' },
          { value: 'cents', label: 'Cents' },
        ]}
        value={response.priceUnit}
        allowDeselect={false}
        onChange={(v) => set({ priceUnit: v === 'cents' ? 'cents' : 'dollars' })}
        w={160}
      />
    </Stack>
  )
}
