import { Select } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useQueryClient } from '@tanstack/react-query'
import { useMemo } from 'react'
import { useApiMutation } from '../../api/hooks'
import { useSession } from '../auth/session'

/** The workspace's time zone for reports: shown to all, changed by those who manage settings. */
export function TimeZoneSelect(props: { value: string | undefined }) {
  const session = useSession()
  const client = useQueryClient()
  const zones = useMemo(() => {
    const all = Intl.supportedValuesOf('timeZone')
    return props.value && !all.includes(props.value) ? [props.value, ...all] : all
  }, [props.value])
  const save = useApiMutation('reports/setTimeZone', {
    onSuccess: () => client.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('reports/') }),
    onError: (e) => notifications.show({ color: 'red', title: 'Time zone not saved', message: e.message }),
  })
  return (
    <Select
      aria-label="Time zone of the reports"
      data={zones}
      value={props.value ?? null}
      onChange={(zone) => zone && save.mutate({ timeZone: zone })}
      disabled={!session.can('settings.manage') || !props.value}
      searchable
      allowDeselect={false}
      w={220}
    />
  )
}
