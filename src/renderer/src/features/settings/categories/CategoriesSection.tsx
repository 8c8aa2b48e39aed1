import {
  Alert,
  Badge,
  Button,
  Grid,
  Group,
  Loader,
  Modal,
  NavLink,
  Paper,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core'
import { IconCategory, IconPlus } from '@tabler/icons-react'
import { useState } from 'react'
import type { CategoryDetail } from '../../../../../shared/api/settings/categories'
import type { ConditionGroup } from '../../../../../shared/domain/config'
import { useApiQuery } from '../../../api/hooks'
import { EmptyState } from '../../../components/EmptyState'
import { cleanGroup, ConditionBuilder } from '../shared/ConditionBuilder'
import { fieldOptions } from '../shared/categoryFields'
import { useSave } from '../shared/useSave'
import { FieldsList } from './FieldsList'
import { countOf } from '../../../../../shared/text/plural'

function NewCategory(props: { onClose: () => void; onCreated: (id: number) => void }) {
  const [name, setName] = useState('')
  const create = useSave('categories/create', {
    success: (c) => `Category ${c.name} created`,
    onSuccess: (c) => props.onCreated(c.id),
  })
  return (
    <Modal opened onClose={props.onClose} title="New lead category">
      <form
        onSubmit={(e) => {
          e.preventDefault()
          create.mutate({ name })
        }}
      >
        <Stack>
          <TextInput
            label="Name"
            placeholder="e.g. Auto insurance"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            data-autofocus
          />
          <Text size="xs" c="dimmed">
            The standard contact fields (name, email, phone, address, city, county, state, ZIP) are added for you.
          </Text>
          <Group justify="flex-end">
            <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
              Create category
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}

function CategoryEditor(props: { category: CategoryDetail }) {
  const { category } = props
  const [name, setName] = useState(category.name)
  const [match, setMatch] = useState<ConditionGroup | null>(category.matchConditions)
  const plans = useApiQuery('plans/list', {})
  const update = useSave('categories/update', {
    success: 'Category saved',
    areas: ['categories', 'leadTypes', 'plans'],
  })
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Group align="flex-end">
          <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} w={280} />
          <Button
            variant="light"
            disabled={name.trim() === category.name || !name.trim()}
            onClick={() => update.mutate({ id: category.id, name })}
          >
            Rename
          </Button>
        </Group>
        <Switch
          label="Archived"
          checked={category.archived}
          onChange={(e) => update.mutate({ id: category.id, archived: e.currentTarget.checked })}
        />
      </Group>
      <Group gap="xs">
        <Text size="sm" c="dimmed">
          Slug for the intake API:
        </Text>
        <Badge variant="outline" color="gray" tt="none">
          {category.slug}
        </Badge>
      </Group>
      <Select
        label="Default distribution plan"
        description="Used by lead types that have no plan of their own"
        placeholder="None"
        clearable
        data={(plans.data ?? []).map((p) => ({ value: String(p.id), label: p.name }))}
        value={category.defaultPlanId === null ? null : String(category.defaultPlanId)}
        onChange={(v) => update.mutate({ id: category.id, defaultPlanId: v === null ? null : Number(v) })}
        w={320}
      />
      <FieldsList category={category} />
      <Stack gap="xs">
        <Text fw={600}>Match conditions</Text>
        <Text size="xs" c="dimmed">
          Leads sent without a category land in the first category whose conditions match. Without conditions, a
          category is only chosen explicitly.
        </Text>
        <ConditionBuilder
          value={match}
          onChange={setMatch}
          fields={fieldOptions(category)}
          emptyText="No match conditions."
        />
        <Group>
          <Button
            variant="light"
            onClick={() => update.mutate({ id: category.id, matchConditions: cleanGroup(match) })}
          >
            Save match conditions
          </Button>
        </Group>
      </Stack>
    </Stack>
  )
}

export function CategoriesSection() {
  const list = useApiQuery('categories/list', { includeArchived: true })
  const [selected, setSelected] = useState<number | null>(null)
  const [creating, setCreating] = useState(false)
  const current = selected ?? list.data?.[0]?.id ?? null
  const detail = useApiQuery('categories/get', { id: current ?? 0 }, { enabled: current !== null })

  if (list.error) return <Alert color="red">{list.error.message}</Alert>
  return (
    <>
      {creating && (
        <NewCategory
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false)
            setSelected(id)
          }}
        />
      )}
      {list.isLoading ? (
        <Loader />
      ) : list.data?.length === 0 ? (
        <EmptyState
          icon={<IconCategory size={28} />}
          title="No lead categories yet"
          action={
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
              New category
            </Button>
          }
        >
          A category describes one kind of lead and its fields. Create one to start taking leads.
        </EmptyState>
      ) : (
        <Grid>
          <Grid.Col span={{ base: 12, md: 3 }}>
            <Stack gap={4}>
              <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} mb="xs">
                New category
              </Button>
              <nav aria-label="Categories">
                {list.data?.map((c) => (
                  <NavLink
                    key={c.id}
                    label={c.name}
                    description={`${countOf(c.fieldCount, 'field')} · ${countOf(c.leadTypeCount, 'lead type')}`}
                    active={c.id === current}
                    onClick={() => setSelected(c.id)}
                    rightSection={
                      c.archived ? (
                        <Badge size="xs" color="gray">
                          archived
                        </Badge>
                      ) : undefined
                    }
                    style={{ borderRadius: 'var(--mantine-radius-md)' }}
                  />
                ))}
              </nav>
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 9 }}>
            <Paper withBorder p="md">
              {detail.data ? (
                <>
                  <Title order={4} mb="sm">
                    {detail.data.name}
                  </Title>
                  <CategoryEditor key={`${detail.data.id}`} category={detail.data} />
                </>
              ) : (
                <Loader />
              )}
            </Paper>
          </Grid.Col>
        </Grid>
      )}
    </>
  )
}
