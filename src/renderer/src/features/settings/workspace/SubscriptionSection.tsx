import { Alert, Button, Checkbox, Group, Loader, NumberInput, Paper, Progress, Stack, Text, Title } from '@mantine/core'
import { useState } from 'react'
import type { SubscriptionState } from '../../../../../shared/api/settings/subscription'
import { useApiQuery } from '../../../api/hooks'
import { useSave } from '../shared/useSave'
import { countOf } from '../../../../../shared/text/plural'

const formatDay = (ms: number) => new Date(ms).toLocaleDateString(undefined, { dateStyle: 'medium', timeZone: 'UTC' })

function Form(props: { state: SubscriptionState }) {
  const { state } = props
  const [unlimited, setUnlimited] = useState(state.threshold === null)
  const [threshold, setThreshold] = useState<number>(state.threshold ?? 10_000)
  const [startDay, setStartDay] = useState<number>(state.periodStartDay)
  const save = useSave('subscription/update', { success: 'Subscription saved' })
  const share = state.threshold ? Math.min(100, (state.used / state.threshold) * 100) : 0
  return (
    <Stack>
      <Paper withBorder p="md">
        <Title order={5}>Current period</Title>
        <Text size="sm" c="dimmed" mb="sm">
          {formatDay(state.period.start)} – {formatDay(state.period.end - 1)} (UTC)
        </Text>
        <Group justify="space-between" mb={4}>
          <Text size="sm" data-testid="subscription-usage">
            {state.used.toLocaleString()}{' '}
            {state.threshold === null ? 'leads processed' : `of ${countOf(state.threshold, 'lead')}`}
          </Text>
          {state.withheld > 0 && (
            <Text size="sm" c="indigo">
              {state.withheld.toLocaleString()} withheld
            </Text>
          )}
        </Group>
        {state.threshold !== null && (
          <Progress value={share} color={share >= 100 ? 'red' : share > 85 ? 'orange' : 'teal'} aria-label="Usage" />
        )}
      </Paper>
      <Paper withBorder p="md">
        <Title order={5} mb="sm">
          Threshold
        </Title>
        <Stack>
          <Checkbox label="Unlimited" checked={unlimited} onChange={(e) => setUnlimited(e.currentTarget.checked)} />
          <Group align="flex-end">
            <NumberInput
              label="Leads per billing period"
              description="Leads beyond it are Withheld until the next period or a higher threshold"
              min={0}
              thousandSeparator=","
              disabled={unlimited}
              value={threshold}
              onChange={(v) => setThreshold(Number(v) || 0)}
              w={300}
            />
            <NumberInput
              label="Period starts on day"
              description="1–28 of each month"
              min={1}
              max={28}
              value={startDay}
              onChange={(v) => setStartDay(Number(v) || 1)}
              w={200}
            />
          </Group>
          <Group justify="flex-end">
            <Button
              loading={save.isPending}
              onClick={() => save.mutate({ threshold: unlimited ? null : threshold, periodStartDay: startDay })}
            >
              Save subscription
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  )
}

export function SubscriptionSection() {
  const query = useApiQuery('subscription/get', {})
  if (query.error) return <Alert color="red">{query.error.message}</Alert>
  if (!query.data) return <Loader />
  return <Form key={query.dataUpdatedAt} state={query.data} />
}
