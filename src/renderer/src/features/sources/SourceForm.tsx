import { Button, Group, Modal, Select, Stack, Switch, TextInput } from '@mantine/core'
import { useState } from 'react'
import type { SourceDef } from '../../../../shared/api/settings/sources'
import { useApiQuery } from '../../api/hooks'
import { MoneyInput } from '../settings/shared/MoneyInput'
import { useSave } from '../settings/shared/useSave'
import { type AliasRow, aliasObject, aliasRows, FieldAliasesInput } from './FieldAliasesInput'

export function SourceForm(props: {
  source: SourceDef | null
  onClose: () => void
  onCreated: (created: { source: SourceDef; apiKey: string }) => void
}) {
  const s = props.source
  const categories = useApiQuery('categories/list', { includeArchived: false })
  const [name, setName] = useState(s?.name ?? '')
  const [categoryId, setCategoryId] = useState<string | null>(s?.defaultCategoryId ? String(s.defaultCategoryId) : null)
  const [cost, setCost] = useState<number | null>(s?.costPerLeadCents ?? 0)
  const [active, setActive] = useState(s?.active ?? true)
  const [aliases, setAliases] = useState<AliasRow[]>(aliasRows(s?.fieldAliases ?? {}))
  const create = useSave('sources/create', { areas: ['sources'], onSuccess: props.onCreated })
  const update = useSave('sources/update', { areas: ['sources'], success: 'Source saved', onSuccess: props.onClose })
  const body = {
    name,
    defaultCategoryId: categoryId ? Number(categoryId) : null,
    costPerLeadCents: cost ?? 0,
    active,
    fieldAliases: aliasObject(aliases),
  }
  return (
    <Modal opened onClose={props.onClose} title={s ? `Edit ${s.name}` : 'New source'} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault()
          if (s) update.mutate({ id: s.id, ...body })
          else create.mutate(body)
        }}
      >
        <Stack>
          <TextInput
            label="Name"
            placeholder="e.g. Quote form, Publisher X"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            required
            data-autofocus
          />
          <Select
            label="Default category"
            description="Used when a lead arrives without a category"
            placeholder="None"
            clearable
            data={(categories.data ?? []).map((c) => ({ value: String(c.id), label: c.name }))}
            value={categoryId}
            onChange={setCategoryId}
          />
          <MoneyInput
            label="Cost per lead"
            description="What this source charges you"
            value={cost}
            onChange={setCost}
          />
          <FieldAliasesInput rows={aliases} onChange={setAliases} />
          <Switch
            label="Active (its key is accepted)"
            checked={active}
            onChange={(e) => setActive(e.currentTarget.checked)}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={create.isPending || update.isPending}>
              {s ? 'Save source' : 'Create source'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
