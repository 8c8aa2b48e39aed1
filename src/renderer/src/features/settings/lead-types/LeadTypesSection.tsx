import { Alert, Button, Group, Loader, Stack, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useQueryClient } from '@tanstack/react-query'
import { IconDeviceFloppy, IconFlask, IconPlus, IconTags } from '@tabler/icons-react'
import { useState } from 'react'
import type { DryRunResult, LeadTypeDef } from '../../../../../shared/api/settings/leadTypes'
import { call } from '../../../api/client'
import { useApiQuery } from '../../../api/hooks'
import { EmptyState } from '../../../components/EmptyState'
import { CategoryPicker } from '../shared/CategoryPicker'
import { useFieldOptions } from '../shared/categoryFields'
import { useConfirm } from '../shared/confirm'
import { SortableList } from '../shared/SortableList'
import { describeError, useSave } from '../shared/useSave'
import { changed, type DraftType, fromServer, newKey, ordered, toInput } from './draft'
import { DryRunPanel } from './DryRunPanel'
import { TypeCard } from './TypeCard'

function Editor(props: { categoryId: number; server: LeadTypeDef[] }) {
  const { categoryId, server } = props
  const [drafts, setDrafts] = useState<DraftType[]>(() => ordered(fromServer(server)))
  const [dryRun, setDryRun] = useState<DryRunResult | null>(null)
  const [busy, setBusy] = useState<'dry' | 'save' | null>(null)
  const fields = useFieldOptions(categoryId)
  const plans = useApiQuery('plans/list', {})
  const planOptions = (plans.data ?? []).map((p) => ({ value: String(p.id), label: p.name }))
  const client = useQueryClient()
  const confirm = useConfirm()
  const remove = useSave('leadTypes/delete', { success: 'Lead type deleted', areas: ['leadTypes', 'categories'] })

  const ranked = drafts.filter((d) => !d.isFallback)
  const fallbacks = drafts.filter((d) => d.isFallback)
  const byId = new Map(server.map((t) => [t.id, t]))
  const orderChanged =
    ranked
      .filter((d) => d.id !== undefined)
      .map((d) => d.id)
      .join() !==
    server
      .filter((t) => !t.isFallback)
      .map((t) => t.id)
      .join()
  const dirty = orderChanged || drafts.some((d) => changed(d, d.id === undefined ? undefined : byId.get(d.id)))

  const update = (key: string, next: DraftType) => {
    setDryRun(null)
    setDrafts((all) => {
      // One fallback per category: ticking it on one type clears it on the others.
      const list = all.map((d) => (d.key === key ? next : next.isFallback ? { ...d, isFallback: false } : d))
      return ordered(list)
    })
  }

  const runDryRun = async () => {
    setBusy('dry')
    try {
      setDryRun(await call('leadTypes/dryRun', { categoryId, types: ordered(drafts).map(toInput) }))
    } catch (e) {
      notifications.show({ color: 'red', title: 'Dry run failed', message: describeError(e) })
    } finally {
      setBusy(null)
    }
  }

  const save = async () => {
    const empty = drafts.find((d) => !d.name.trim())
    if (empty) {
      notifications.show({ color: 'red', message: 'Every lead type needs a name' })
      return
    }
    setBusy('save')
    try {
      // One call, one transaction: either the whole edited list is saved or nothing is.
      await call('leadTypes/saveAll', { categoryId, types: ordered(drafts).map(toInput) })
      notifications.show({ color: 'teal', autoClose: 2500, message: 'Lead types saved' })
    } catch (e) {
      notifications.show({ color: 'red', title: 'Not saved', message: describeError(e) })
    } finally {
      setBusy(null)
      await client.invalidateQueries({
        predicate: (q) => ['leadTypes', 'categories', 'plans'].includes(String(q.queryKey[0]).split('/')[0] ?? ''),
      })
    }
  }

  const removeDraft = (d: DraftType) => {
    if (d.id === undefined) {
      setDrafts((all) => all.filter((x) => x.key !== d.key))
      return
    }
    const id = d.id
    confirm.ask({
      title: `Delete ${d.name}?`,
      body: 'Leads of this type keep their data but lose the type. A type with bids cannot be deleted.',
      confirm: 'Delete',
      onConfirm: () => remove.mutate({ id }),
    })
  }

  const card = (d: DraftType, rank: number | null) => (
    <TypeCard
      draft={d}
      rank={rank}
      fields={fields}
      plans={planOptions}
      dirty={changed(d, d.id === undefined ? undefined : byId.get(d.id))}
      onChange={(next) => update(d.key, next)}
      onRemove={() => removeDraft(d)}
    />
  )

  return (
    <Stack>
      {confirm.element}
      {drafts.length === 0 ? (
        <EmptyState icon={<IconTags size={28} />} title="No lead types in this category">
          Lead types split a category by conditions, e.g. by state or by number of cars. Without any, leads of this
          category are Uncategorized.
        </EmptyState>
      ) : (
        <Stack gap={0}>
          <Text size="sm" c="dimmed" mb="xs">
            Leads take the first type whose conditions match, top to bottom; drag or use the arrows to change the order.
          </Text>
          <SortableList
            items={ranked}
            itemKey={(d) => d.key}
            itemLabel={(d) => d.name || 'new type'}
            onReorder={(next) => {
              setDryRun(null)
              setDrafts([...next, ...fallbacks])
            }}
            render={(d, i) => card(d, i + 1)}
          />
          {fallbacks.map((d) => (
            <div key={d.key} style={{ paddingLeft: 64 }}>
              {card(d, null)}
            </div>
          ))}
        </Stack>
      )}
      <Group justify="space-between">
        <Group gap="xs">
          <Button
            variant="light"
            leftSection={<IconPlus size={16} />}
            onClick={() =>
              setDrafts((all) =>
                ordered([
                  ...all,
                  { key: newKey(), name: '', conditions: null, isFallback: false, planId: null, active: true },
                ]),
              )
            }
          >
            Add lead type
          </Button>
          {fallbacks.length === 0 && (
            <Button
              variant="subtle"
              leftSection={<IconPlus size={16} />}
              onClick={() =>
                setDrafts((all) => [
                  ...all,
                  { key: newKey(), name: 'Other', conditions: null, isFallback: true, planId: null, active: true },
                ])
              }
            >
              Add fallback type
            </Button>
          )}
        </Group>
        <Group gap="xs">
          {dirty && (
            <Button variant="subtle" color="gray" onClick={() => setDrafts(ordered(fromServer(server)))}>
              Discard changes
            </Button>
          )}
          <Button
            variant="default"
            leftSection={<IconFlask size={16} />}
            loading={busy === 'dry'}
            onClick={() => void runDryRun()}
          >
            Dry run
          </Button>
          <Button
            leftSection={<IconDeviceFloppy size={16} />}
            loading={busy === 'save'}
            disabled={!dirty}
            onClick={() => void save()}
          >
            Save lead types
          </Button>
        </Group>
      </Group>
      {dryRun && <DryRunPanel result={dryRun} />}
    </Stack>
  )
}

export function LeadTypesSection() {
  const [categoryId, setCategoryId] = useState<number | null>(null)
  const types = useApiQuery('leadTypes/list', { categoryId: categoryId ?? 0 }, { enabled: categoryId !== null })
  return (
    <Stack>
      <CategoryPicker value={categoryId} onChange={setCategoryId} />
      {types.error && <Alert color="red">{types.error.message}</Alert>}
      {categoryId === null ? (
        <Text c="dimmed" size="sm">
          Create a category first.
        </Text>
      ) : types.data ? (
        // Remount on every server change so the editor starts from what is stored.
        <Editor key={`${categoryId}:${types.dataUpdatedAt}`} categoryId={categoryId} server={types.data} />
      ) : (
        <Loader />
      )}
    </Stack>
  )
}
