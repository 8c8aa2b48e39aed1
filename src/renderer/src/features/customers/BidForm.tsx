import {
  Button,
  Checkbox,
  Chip,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core'
import { useState } from 'react'
import type { BidDef, BidInput } from '../../../../shared/api/settings/bids'
import type { ConditionGroup, Schedule, Scope } from '../../../../shared/domain/config'
import { useApiQuery } from '../../api/hooks'
import { useFieldOptions } from '../settings/shared/categoryFields'
import { cleanGroup, ConditionBuilder } from '../settings/shared/ConditionBuilder'
import { MoneyInput } from '../settings/shared/MoneyInput'
import { useSave } from '../settings/shared/useSave'

const SCOPE_KINDS: Scope['kind'][] = ['nationwide', 'state', 'county', 'zip']
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const ZONES: string[] = (() => {
  try {
    return Intl.supportedValuesOf('timeZone')
  } catch {
    return ['UTC', 'America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles']
  }
})()
const localZone = Intl.DateTimeFormat().resolvedOptions().timeZone

const count = (v: string | number): number | null => (v === '' ? null : Number(v))

export function BidForm(props: { customerId: number; bid: BidDef | null; onClose: () => void }) {
  const b = props.bid
  const types = useApiQuery('leadTypes/list', {})
  const [leadTypeId, setLeadTypeId] = useState<string | null>(b ? String(b.leadTypeId) : null)
  const [price, setPrice] = useState<number | null>(b?.priceCents ?? null)
  const [scope, setScope] = useState<Scope>(b?.scope ?? { kind: 'nationwide', values: [] })
  const [filters, setFilters] = useState<ConditionGroup | null>(b?.filters ?? null)
  const [capDay, setCapDay] = useState<number | null>(b?.capDay ?? null)
  const [capWeek, setCapWeek] = useState<number | null>(b?.capWeek ?? null)
  const [capMonth, setCapMonth] = useState<number | null>(b?.capMonth ?? null)
  const [budgetDay, setBudgetDay] = useState<number | null>(b?.budgetDayCents ?? null)
  const [budgetMonth, setBudgetMonth] = useState<number | null>(b?.budgetMonthCents ?? null)
  const [schedule, setSchedule] = useState<Schedule | null>(b?.schedule ?? null)
  const [priority, setPriority] = useState<number>(b?.priority ?? 0)
  const [active, setActive] = useState(b?.active ?? true)
  const type = types.data?.find((t) => String(t.id) === leadTypeId)
  const fields = useFieldOptions(type?.categoryId ?? null)
  const options = { success: 'Bid saved', areas: ['bids', 'customers'], onSuccess: props.onClose }
  const create = useSave('bids/create', options)
  const update = useSave('bids/update', options)

  const body: BidInput = {
    leadTypeId: Number(leadTypeId),
    priceCents: price ?? 0,
    scope,
    filters: cleanGroup(filters),
    capDay,
    capWeek,
    capMonth,
    budgetDayCents: budgetDay,
    budgetMonthCents: budgetMonth,
    schedule,
    priority,
    active,
  }

  return (
    <Modal opened onClose={props.onClose} title={b ? `Edit bid on ${b.leadTypeName}` : 'New bid'} size="xl">
      <form
        onSubmit={(e) => {
          e.preventDefault()
          if (b) update.mutate({ id: b.id, ...body })
          else create.mutate({ customerId: props.customerId, ...body })
        }}
      >
        <Stack>
          <SimpleGrid cols={3}>
            <Select
              label="Lead type"
              placeholder="Choose a lead type"
              data={(types.data ?? []).map((t) => ({ value: String(t.id), label: `${t.categoryName} · ${t.name}` }))}
              value={leadTypeId}
              onChange={setLeadTypeId}
              searchable
              required
              data-autofocus
            />
            <MoneyInput label="Price per lead" value={price} onChange={setPrice} required />
            <Group align="flex-end">
              <NumberInput
                label="Priority"
                description="Breaks ties at equal price"
                value={priority}
                onChange={(v) => setPriority(Number(v) || 0)}
                w={130}
              />
              <Switch label="Active" checked={active} onChange={(e) => setActive(e.currentTarget.checked)} mb={8} />
            </Group>
          </SimpleGrid>
          <Stack gap={6}>
            <Text fw={600} size="sm">
              Where
            </Text>
            <SegmentedControl
              w="fit-content"
              value={scope.kind}
              onChange={(v) => {
                const kind = SCOPE_KINDS.find((k) => k === v) ?? 'nationwide'
                setScope({ kind, values: kind === 'nationwide' ? [] : scope.values })
              }}
              data={[
                { value: 'nationwide', label: 'Nationwide' },
                { value: 'state', label: 'States' },
                { value: 'county', label: 'Counties' },
                { value: 'zip', label: 'ZIP codes' },
              ]}
            />
            {scope.kind !== 'nationwide' && (
              <TagsInput
                aria-label="Scope values"
                placeholder={`Type ${scope.kind} values, press Enter`}
                value={scope.values}
                onChange={(v) => setScope({ ...scope, values: v })}
              />
            )}
          </Stack>
          <Stack gap={6}>
            <Text fw={600} size="sm">
              Filters
            </Text>
            <ConditionBuilder
              value={filters}
              onChange={setFilters}
              fields={fields}
              emptyText="No filters: every lead of the type qualifies."
            />
          </Stack>
          <SimpleGrid cols={5}>
            <NumberInput
              label="Daily cap"
              placeholder="no cap"
              min={0}
              value={capDay ?? ''}
              onChange={(v) => setCapDay(count(v))}
            />
            <NumberInput
              label="Weekly cap"
              placeholder="no cap"
              min={0}
              value={capWeek ?? ''}
              onChange={(v) => setCapWeek(count(v))}
            />
            <NumberInput
              label="Monthly cap"
              placeholder="no cap"
              min={0}
              value={capMonth ?? ''}
              onChange={(v) => setCapMonth(count(v))}
            />
            <MoneyInput label="Daily budget" placeholder="no budget" value={budgetDay} onChange={setBudgetDay} />
            <MoneyInput label="Monthly budget" placeholder="no budget" value={budgetMonth} onChange={setBudgetMonth} />
          </SimpleGrid>
          <Stack gap={6}>
            <Checkbox
              label="Only on certain days and hours"
              description="Hours in the bid's time zone; an end before the start runs past midnight"
              checked={schedule !== null}
              onChange={(e) =>
                setSchedule(
                  e.currentTarget.checked
                    ? { timezone: localZone, days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' }
                    : null,
                )
              }
            />
            {schedule && (
              <Group align="flex-end">
                <Chip.Group
                  multiple
                  value={schedule.days.map(String)}
                  onChange={(v) => setSchedule({ ...schedule, days: v.map(Number).sort() })}
                >
                  <Group gap={4}>
                    {DAYS.map((d, i) => (
                      <Chip key={d} value={String(i)} size="xs">
                        {d}
                      </Chip>
                    ))}
                  </Group>
                </Chip.Group>
                <TextInput
                  label="From"
                  value={schedule.start}
                  onChange={(e) => setSchedule({ ...schedule, start: e.currentTarget.value })}
                  w={90}
                />
                <TextInput
                  label="Until"
                  value={schedule.end}
                  onChange={(e) => setSchedule({ ...schedule, end: e.currentTarget.value })}
                  w={90}
                />
                <Select
                  label="Time zone"
                  data={ZONES}
                  searchable
                  value={schedule.timezone}
                  allowDeselect={false}
                  onChange={(v) => setSchedule({ ...schedule, timezone: v ?? 'UTC' })}
                  w={240}
                />
              </Group>
            )}
          </Stack>
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button
              type="submit"
              loading={create.isPending || update.isPending}
              disabled={!leadTypeId || price === null}
            >
              Save bid
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
