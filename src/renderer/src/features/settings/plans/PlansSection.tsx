import { Alert, Badge, Button, Grid, Group, Loader, Menu, NavLink, Paper, Stack, Text, TextInput } from '@mantine/core'
import { IconPlus, IconRoute2, IconTrash } from '@tabler/icons-react'
import { useState } from 'react'
import type { PlanDef } from '../../../../../shared/api/settings/plans'
import type { Stage } from '../../../../../shared/domain/config'
import { STAGE_KINDS, STAGE_LABELS } from '../../../../../shared/domain/lead'
import { useApiQuery } from '../../../api/hooks'
import { EmptyState } from '../../../components/EmptyState'
import { useConfirm } from '../shared/confirm'
import { SortableList } from '../shared/SortableList'
import { useSave } from '../shared/useSave'
import { newStage, StageCard } from './StageCard'

function PlanEditor(props: { plan: PlanDef | null; onSaved: (id: number) => void; onDeleted: () => void }) {
  const { plan } = props
  const [name, setName] = useState(plan?.name ?? '')
  const [stages, setStages] = useState<(Stage & { key: string })[]>(() =>
    (plan?.stages ?? [{ kind: 'bidding' }]).map((s) => ({ ...s, key: s.kind })),
  )
  const partners = useApiQuery('partners/list', {})
  const partnerOptions = (partners.data ?? []).map((p) => ({ value: String(p.id), label: p.name }))
  const confirm = useConfirm()
  const areas = ['plans', 'categories', 'leadTypes']
  const create = useSave('plans/create', { success: 'Plan created', areas, onSuccess: (p) => props.onSaved(p.id) })
  const update = useSave('plans/update', { success: 'Plan saved', areas })
  const remove = useSave('plans/delete', { success: 'Plan deleted', areas, onSuccess: props.onDeleted })
  const missing = STAGE_KINDS.filter((k) => !stages.some((s) => s.kind === k))
  const body = { name, stages: stages.map(({ key: _key, ...s }) => s as Stage) }

  return (
    <Stack>
      {confirm.element}
      <Group align="flex-end" justify="space-between">
        <TextInput label="Plan name" value={name} onChange={(e) => setName(e.currentTarget.value)} w={320} />
        {plan && (
          <Button
            variant="subtle"
            color="red"
            leftSection={<IconTrash size={16} />}
            onClick={() =>
              confirm.ask({
                title: `Delete ${plan.name}?`,
                body: 'Only a plan no lead type or category uses can be deleted.',
                confirm: 'Delete',
                onConfirm: () => remove.mutate({ id: plan.id }),
              })
            }
          >
            Delete plan
          </Button>
        )}
      </Group>
      {plan && (plan.usedBy.leadTypes.length > 0 || plan.usedBy.categories.length > 0) && (
        <Group gap={4}>
          <Text size="sm" c="dimmed">
            Used by
          </Text>
          {plan.usedBy.categories.map((c) => (
            <Badge key={`c${c.id}`} variant="outline" tt="none">
              {c.name} (default)
            </Badge>
          ))}
          {plan.usedBy.leadTypes.map((t) => (
            <Badge key={`t${t.id}`} variant="light" tt="none">
              {t.name}
            </Badge>
          ))}
        </Group>
      )}
      <Text size="sm" c="dimmed">
        Stages run top to bottom; the first that places the lead ends the plan. If none does, the lead is Unassigned.
      </Text>
      <SortableList
        items={stages}
        itemKey={(s) => s.key}
        itemLabel={(s) => STAGE_LABELS[s.kind]}
        onReorder={setStages}
        render={(s) => (
          <StageCard
            stage={s}
            partners={partnerOptions}
            onChange={(next) => setStages((all) => all.map((x) => (x.key === s.key ? { ...next, key: s.key } : x)))}
            onRemove={() => setStages((all) => all.filter((x) => x.key !== s.key))}
          />
        )}
      />
      <Group justify="space-between">
        <Menu position="bottom-start">
          <Menu.Target>
            <Button variant="light" leftSection={<IconPlus size={16} />} disabled={missing.length === 0}>
              Add stage
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {missing.map((k) => (
              <Menu.Item
                key={k}
                onClick={() => setStages((all) => [...all, { ...newStage(k, partners.data?.[0]?.id ?? null), key: k }])}
              >
                {STAGE_LABELS[k]}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
        <Button
          loading={create.isPending || update.isPending}
          disabled={!name.trim() || stages.length === 0}
          onClick={() => (plan ? update.mutate({ id: plan.id, ...body }) : create.mutate(body))}
        >
          {plan ? 'Save plan' : 'Create plan'}
        </Button>
      </Group>
    </Stack>
  )
}

export function PlansSection() {
  const plans = useApiQuery('plans/list', {})
  const [selected, setSelected] = useState<number | 'new' | null>(null)
  const current = selected ?? plans.data?.[0]?.id ?? 'new'
  const plan = current === 'new' ? null : (plans.data?.find((p) => p.id === current) ?? null)

  if (plans.error) return <Alert color="red">{plans.error.message}</Alert>
  if (!plans.data) return <Loader />
  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: 3 }}>
        <Stack gap={4}>
          <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => setSelected('new')} mb="xs">
            New plan
          </Button>
          {plans.data.map((p) => (
            <NavLink
              key={p.id}
              label={p.name}
              description={p.stages.map((s) => STAGE_LABELS[s.kind]).join(' → ')}
              active={p.id === current}
              onClick={() => setSelected(p.id)}
              style={{ borderRadius: 'var(--mantine-radius-md)' }}
            />
          ))}
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 9 }}>
        <Paper withBorder p="md">
          {plans.data.length === 0 && current === 'new' && (
            <EmptyState icon={<IconRoute2 size={28} />} title="No distribution plans yet">
              A plan lists the stages a lead goes through. Build the first one below, then choose it for a lead type or
              as a category's default.
            </EmptyState>
          )}
          <PlanEditor
            key={`${current}:${plan?.updatedAt ?? 0}`}
            plan={plan}
            onSaved={(id) => setSelected(id)}
            onDeleted={() => setSelected(null)}
          />
        </Paper>
      </Grid.Col>
    </Grid>
  )
}
