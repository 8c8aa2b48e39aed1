import { Group, NumberInput, TagsInput, Text } from '@mantine/core'
import type { IntakeLimits } from '../../../../../shared/domain/config'

/** What one intake request may carry, and the proxies whose X-Forwarded-For is believed. */
export function IntakeLimitsFields(props: {
  limits: IntakeLimits
  onLimits: (limits: IntakeLimits) => void
  proxies: string[]
  onProxies: (proxies: string[]) => void
}) {
  const { limits, onLimits } = props
  const number = (key: keyof IntakeLimits) => (v: string | number) => onLimits({ ...limits, [key]: Number(v) || 0 })
  return (
    <>
      <div>
        <Text size="sm" fw={500}>
          Limits per request
        </Text>
        <Text size="xs" c="dimmed">
          Past the rate a source is answered 429 with Retry-After; a lead over a limit is refused with 422 naming the
          field, and nothing is stored.
        </Text>
      </div>
      <Group align="flex-start">
        <NumberInput
          label="Requests per second"
          description="per source"
          min={1}
          max={100_000}
          value={limits.requestsPerSecond}
          onChange={number('requestsPerSecond')}
          w={170}
        />
        <NumberInput
          label="Fields per lead"
          min={1}
          max={5_000}
          value={limits.maxFields}
          onChange={number('maxFields')}
          w={140}
        />
        <NumberInput
          label="Field name length"
          min={8}
          max={1_000}
          value={limits.maxKeyLength}
          onChange={number('maxKeyLength')}
          w={150}
        />
        <NumberInput
          label="Value length"
          description="characters"
          min={100}
          max={200_000}
          value={limits.maxValueLength}
          onChange={number('maxValueLength')}
          w={150}
        />
      </Group>
      <TagsInput
        label="Trusted proxies"
        description="Addresses of your reverse proxies: only their X-Forwarded-For header is believed for a lead's IP address"
        placeholder={props.proxies.length ? undefined : 'None — the connecting address is recorded'}
        value={props.proxies}
        onChange={props.onProxies}
        maxTags={20}
        clearable
      />
    </>
  )
}
