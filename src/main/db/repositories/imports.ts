import type { LeadField } from '../../../shared/api/leads'
import type { ConditionGroup } from '../../../shared/domain/config'
import { parseJson, toBool } from '../json'
import type { Store } from '../store'
import { toLeadField } from './field-row'

export interface ImportCategoryRow {
  id: number
  name: string
  fields: LeadField[]
}

/**
 * The statements the import writer runs on its own connection. Validated rows are staged in an
 * in-memory database attached to that connection while the file is still being read (no lock on
 * the workspace); the commit then copies them in ONE transaction with set-based statements.
 * They live here with the other queries; the writer only binds values.
 */
export const IMPORT_WRITE_SQL = {
  attach: `ATTACH DATABASE ':memory:' AS staging`,
  stagingTable: `CREATE TABLE staging.rows (uuid TEXT, first_name TEXT, last_name TEXT, email TEXT, phone TEXT,
          address TEXT, city TEXT, county TEXT, state TEXT, zip TEXT, details TEXT, lead_type_id INTEGER,
          status TEXT, duplicate_message TEXT, duplicate_data TEXT)`,
  stage: `INSERT INTO staging.rows VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  staged: `SELECT count(*) AS n, coalesce(sum(status = 'Duplicate'), 0) AS duplicates FROM staging.rows`,
  /** The upload's unique index refuses a second batch for the same upload, from any process. */
  batch: `INSERT INTO main.import_batches (customer_id, category_id, file_name, rows_total, rows_imported, rows_rejected,
          rows_duplicate, upload_id, file_hash, user_id, created_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  /** New rows get ids above the current maximum (rowid tables without AUTOINCREMENT). */
  maxLeadId: `SELECT coalesce(max(id), 0) AS id FROM main.leads`,
  /** Imported leads carry the customer they were imported for, as assigned leads do. */
  leads: `INSERT INTO main.leads (uuid, status, first_name, last_name, email, phone, address, city, county, state, zip,
          details, lead_type_id, category_id, customer_id, import_batch_id, created_at, updated_at)
          SELECT uuid, status, first_name, last_name, email, phone, address, city, county, state, zip,
          details, lead_type_id, ?, ?, ?, ?, ? FROM staging.rows ORDER BY rowid`,
  listings: `INSERT INTO main.marketplace_listings (lead_id, kind, status, customer_id, opened_at, closes_at)
          SELECT id, 'reverse', 'open', ?, ?, ? FROM main.leads
          WHERE id > ? AND import_batch_id = ? AND status = 'Marketplace' ORDER BY id`,
  events: `INSERT INTO main.lead_events (lead_id, at, stage, kind, message, data)
          SELECT id, ?, 'intake', 'imported', ?, ? FROM main.leads WHERE id > ? AND import_batch_id = ? ORDER BY id`,
  duplicateEvents: `INSERT INTO main.lead_events (lead_id, at, stage, kind, message, data)
          SELECT l.id, ?, 'duplicate', 'duplicate', s.duplicate_message, s.duplicate_data
          FROM staging.rows s JOIN main.leads l ON l.uuid = s.uuid
          WHERE s.status = 'Duplicate' ORDER BY l.id`,
} as const

export class ImportsRepository {
  constructor(private readonly store: Store) {}

  categories(): ImportCategoryRow[] {
    const categories = this.store.all(
      this.store.q.selectFrom('categories').select(['id', 'name']).where('archived', '=', 0).orderBy('name'),
    )
    const fields = this.store.all(
      this.store.q
        .selectFrom('fields')
        .select(['category_id', 'key', 'label', 'type', 'required', 'deliverable', 'standard', 'validation'])
        .orderBy('category_id')
        .orderBy('position')
        .orderBy('id'),
    )
    return categories.map((c) => ({
      id: c.id,
      name: c.name,
      fields: fields.filter((f) => f.category_id === c.id).map(toLeadField),
    }))
  }

  category(id: number): ImportCategoryRow | undefined {
    return this.categories().find((c) => c.id === id)
  }

  customers(): { id: number; name: string; balanceCents: number }[] {
    return this.store
      .all(
        this.store.q
          .selectFrom('customers')
          .select(['id', 'name', 'balance_cents'])
          .where('active', '=', 1)
          .orderBy('name'),
      )
      .map((c) => ({ id: c.id, name: c.name, balanceCents: c.balance_cents }))
  }

  customer(id: number): { id: number; name: string; active: boolean } | undefined {
    const row = this.store.first(
      this.store.q.selectFrom('customers').select(['id', 'name', 'active']).where('id', '=', id),
    )
    return row && { id: row.id, name: row.name, active: toBool(row.active) }
  }

  /** The category's active lead types, for classifying imported rows. */
  leadTypes(
    categoryId: number,
  ): { id: number; name: string; priority: number; isFallback: boolean; conditions: ConditionGroup | null }[] {
    return this.store
      .all(
        this.store.q
          .selectFrom('lead_types')
          .select(['id', 'name', 'priority', 'is_fallback', 'conditions'])
          .where('category_id', '=', categoryId)
          .where('active', '=', 1),
      )
      .map((t) => ({
        id: t.id,
        name: t.name,
        priority: t.priority,
        isFallback: toBool(t.is_fallback),
        conditions: parseJson<ConditionGroup | null>(t.conditions, null),
      }))
  }

  batch(id: number) {
    return this.store.first(this.store.q.selectFrom('import_batches').selectAll().where('id', '=', id))
  }

  batchOfUpload(uploadId: string) {
    return this.store.first(this.store.q.selectFrom('import_batches').selectAll().where('upload_id', '=', uploadId))
  }

  /** The latest import of a file with this content by another upload. */
  latestOfFile(hash: string, uploadId: string) {
    return this.store.first(
      this.store.q
        .selectFrom('import_batches')
        .select(['id', 'file_name', 'rows_imported', 'created_at'])
        .where('file_hash', '=', hash)
        .where((eb) => eb.or([eb('upload_id', 'is', null), eb('upload_id', '!=', uploadId)]))
        .orderBy('id', 'desc')
        .limit(1),
    )
  }
}
