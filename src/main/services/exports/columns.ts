import type { ExportAudience } from '../../../shared/api/exports'
import { CONTACT_FIELDS, CONTACT_LABELS, isContactField } from '../../../shared/domain/lead'
import { COL, type ExportFieldRow, type ExportLeadRow } from '../../db/repositories/exports'
import { money } from '../../engine/money'
import { isoDate, isoDateMemo } from './csv'
import { withExtension } from '../../engine/phone-extension'

export interface Names {
  categories: Map<number, string>
  leadTypes: Map<number, string>
  sources: Map<number, string>
  customers: Map<number, string>
}

export interface ExportColumn {
  label: string
  value(row: ExportLeadRow, details: Record<string, unknown>): unknown
}

const name = (map: Map<number, string>, id: number | null) => (id === null ? '' : (map.get(id) ?? ''))
const cents = (v: number | null) => (v === null ? '' : money(v))

/** Metadata an operator export carries; written by the engine, read-only to operators. */
function metadata(names: Names): ExportColumn[] {
  const [created, updated, assigned, returned] = [isoDateMemo(), isoDateMemo(), isoDateMemo(), isoDateMemo()]
  const text = (r: ExportLeadRow, c: number) => r[c] as string | null
  const num = (r: ExportLeadRow, c: number) => r[c] as number | null
  return [
    { label: 'Lead ID', value: (r) => r[COL.uuid] },
    { label: 'Status', value: (r) => r[COL.status] },
    { label: 'Category', value: (r) => name(names.categories, num(r, COL.category_id)) },
    { label: 'Lead type', value: (r) => name(names.leadTypes, num(r, COL.lead_type_id)) },
    { label: 'Source', value: (r) => name(names.sources, num(r, COL.source_id)) },
    { label: 'Customer', value: (r) => name(names.customers, num(r, COL.customer_id)) },
    { label: 'Charged', value: (r) => cents(num(r, COL.charged_cents)) },
    { label: 'Cost', value: (r) => cents(num(r, COL.cost_cents)) },
    { label: 'Created at', value: (r) => created(num(r, COL.created_at)) },
    { label: 'Updated at', value: (r) => updated(num(r, COL.updated_at)) },
    { label: 'Assigned at', value: (r) => assigned(num(r, COL.assigned_at)) },
    { label: 'Returned at', value: (r) => returned(num(r, COL.returned_at)) },
    { label: 'Return reason', value: (r) => text(r, COL.return_reason) },
    { label: 'Delivery status', value: (r) => text(r, COL.delivery_status) },
    { label: 'Import batch', value: (r) => r[COL.import_batch_id] },
    { label: 'Ping record', value: (r) => r[COL.ping_record_id] },
    { label: 'Post record', value: (r) => r[COL.post_record_id] },
    { label: 'IP address', value: (r) => text(r, COL.client_ip) },
    { label: 'User agent', value: (r) => text(r, COL.user_agent) },
  ]
}

/**
 * The columns of an export. Fields are the union over the categories in scope, contact fields
 * first. An operator export has every field and the metadata; a customer-facing one has the lead
 * id, when it was assigned, and only fields marked deliverable — checked per lead against ITS
 * category, so a field deliverable in one category never leaks a lead of another.
 */
export function exportColumns(
  audience: ExportAudience,
  fields: readonly ExportFieldRow[],
  names: Names,
): ExportColumn[] {
  const deliverable = new Map<number, Set<string>>()
  const labels = new Map<string, string>()
  for (const f of fields) {
    if (!labels.has(f.key)) labels.set(f.key, f.label)
    if (f.deliverable === 1) {
      let set = deliverable.get(f.category_id)
      if (!set) deliverable.set(f.category_id, (set = new Set()))
      set.add(f.key)
    }
  }
  const keys = [
    ...CONTACT_FIELDS.filter((k) => audience === 'operator' || fields.some((f) => f.key === k && f.deliverable === 1)),
    ...[...labels.keys()].filter(
      (k) => !isContactField(k) && (audience === 'operator' || fields.some((f) => f.key === k && f.deliverable === 1)),
    ),
  ]
  const phones = new Set(fields.filter((f) => f.type === 'phone').map((f) => f.key))
  const fieldColumns: ExportColumn[] = keys.map((key) => {
    const label = labels.get(key) ?? (isContactField(key) ? CONTACT_LABELS[key] : key)
    const index = isContactField(key) ? COL[key] : -1
    const plain = isContactField(key)
      ? (r: ExportLeadRow) => r[index]
      : (_r: ExportLeadRow, details: Record<string, unknown>) => details[key]
    // A phone's extension (kept as `<key>_ext`) goes with its number, as people write it.
    const read = phones.has(key)
      ? (r: ExportLeadRow, details: Record<string, unknown>) => withExtension(plain(r, details), details[`${key}_ext`])
      : plain
    if (audience === 'operator') return { label, value: read }
    return {
      label,
      value: (r, details) => (deliverable.get(r[COL.category_id] as number)?.has(key) ? read(r, details) : null),
    }
  })
  if (audience === 'operator') return [...metadata(names), ...fieldColumns]
  return [
    { label: 'Lead ID', value: (r) => r[COL.uuid] },
    { label: 'Assigned at', value: (r) => isoDate(r[COL.assigned_at] as number | null) },
    ...fieldColumns,
  ]
}
