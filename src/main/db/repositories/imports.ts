import { type Insertable, sql } from 'kysely'
import type { LeadField } from '../../../shared/api/leads'
import type { ConditionGroup } from '../../../shared/domain/config'
import type { Executor } from '../executor'
import { parseJson, toBool } from '../json'
import type { DB } from '../schema'
import { toLeadField } from './field-row'

export interface ImportCategoryRow {
  id: number
  name: string
  fields: LeadField[]
}

/** A lead of an import batch, as the writer stores it. */
export interface ImportLead {
  uuid: string
  status: 'Marketplace' | 'Duplicate'
  first_name: string | null
  last_name: string | null
  email: string | null
  phone: string | null
  address: string | null
  city: string | null
  county: string | null
  state: string | null
  zip: string | null
  details: string
  lead_type_id: number | null
}

/** Values bound per lead by `insertLeads` (the multi-row insert's width). */
export const IMPORT_LEAD_COLUMNS = 18
/** Values bound per row by `insertEvents`. */
export const IMPORT_EVENT_COLUMNS = 6

export type ImportEvent = Insertable<DB['lead_events']>

/** The leads one chunk of a batch wrote: its ids lie in [fromId, toId] (ids only grow). */
export interface ImportChunkRange {
  batchId: number
  fromId: number
  toId: number
}

/** A number bound in a SELECT list: typed, so that PostgreSQL inserts it into a bigint column. */
const bigint = (n: number) => sql<number>`cast(${n} as bigint)`

function chunkLeads(db: Executor, r: ImportChunkRange) {
  return db
    .selectFrom('leads')
    .where('leads.import_batch_id', '=', r.batchId)
    .where('leads.id', '>=', r.fromId)
    .where('leads.id', '<=', r.toId)
}

export class ImportsRepository {
  async categories(db: Executor): Promise<ImportCategoryRow[]> {
    const categories = await db
      .selectFrom('categories')
      .select(['id', 'name'])
      .where('archived', '=', 0)
      .orderBy('name')
      .execute()
    const fields = await db
      .selectFrom('fields')
      .select(['category_id', 'key', 'label', 'type', 'required', 'deliverable', 'standard', 'validation'])
      .orderBy('category_id')
      .orderBy('position')
      .orderBy('id')
      .execute()
    return categories.map((c) => ({
      id: c.id,
      name: c.name,
      fields: fields.filter((f) => f.category_id === c.id).map(toLeadField),
    }))
  }

  async category(db: Executor, id: number): Promise<ImportCategoryRow | undefined> {
    return (await this.categories(db)).find((c) => c.id === id)
  }

  async customers(db: Executor): Promise<{ id: number; name: string; balanceCents: number }[]> {
    const rows = await db
      .selectFrom('customers')
      .select(['id', 'name', 'balance_cents'])
      .where('active', '=', 1)
      .orderBy('name')
      .execute()
    return rows.map((c) => ({ id: c.id, name: c.name, balanceCents: c.balance_cents }))
  }

  async customer(db: Executor, id: number): Promise<{ id: number; name: string; active: boolean } | undefined> {
    const row = await db
      .selectFrom('customers')
      .select(['id', 'name', 'active'])
      .where('id', '=', id)
      .executeTakeFirst()
    return row && { id: row.id, name: row.name, active: toBool(row.active) }
  }

  /** The category's active lead types, for classifying imported rows. */
  async leadTypes(
    db: Executor,
    categoryId: number,
  ): Promise<{ id: number; name: string; priority: number; isFallback: boolean; conditions: ConditionGroup | null }[]> {
    const rows = await db
      .selectFrom('lead_types')
      .select(['id', 'name', 'priority', 'is_fallback', 'conditions'])
      .where('category_id', '=', categoryId)
      .where('active', '=', 1)
      .execute()
    return rows.map((t) => ({
      id: t.id,
      name: t.name,
      priority: t.priority,
      isFallback: toBool(t.is_fallback),
      conditions: parseJson<ConditionGroup | null>(t.conditions, null),
    }))
  }

  batch(db: Executor, id: number) {
    return db.selectFrom('import_batches').selectAll().where('id', '=', id).executeTakeFirst()
  }

  batchOfUpload(db: Executor, uploadId: string) {
    return db.selectFrom('import_batches').selectAll().where('upload_id', '=', uploadId).executeTakeFirst()
  }

  /** The latest import of a file with this content by another upload. */
  latestOfFile(db: Executor, hash: string, uploadId: string) {
    return db
      .selectFrom('import_batches')
      .select(['id', 'file_name', 'rows_imported', 'created_at'])
      .where('file_hash', '=', hash)
      .where((eb) => eb.or([eb('upload_id', 'is', null), eb('upload_id', '!=', uploadId)]))
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst()
  }

  // The writer's statements (services/imports/writer.ts): one batch row, then its leads in chunks.

  /**
   * The batch row, with no leads counted yet (each chunk adds its own). The upload's unique index
   * refuses a second batch for the same upload, from any process.
   */
  async insertBatch(
    db: Executor,
    b: {
      customerId: number
      categoryId: number
      fileName: string
      rowsTotal: number
      rowsRejected: number
      rowsDuplicate: number
      uploadId: string
      fileHash: string | null
      userId: number | null
      now: number
    },
  ): Promise<number> {
    const row = await db
      .insertInto('import_batches')
      .values({
        customer_id: b.customerId,
        category_id: b.categoryId,
        file_name: b.fileName,
        rows_total: b.rowsTotal,
        rows_imported: 0,
        rows_rejected: b.rowsRejected,
        rows_duplicate: b.rowsDuplicate,
        upload_id: b.uploadId,
        file_hash: b.fileHash,
        user_id: b.userId,
        created_at: b.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return Number(row.id)
  }

  /**
   * One multi-row insert of imported leads (at most as many as the dialect binds; see
   * dialect/bulk.ts); they carry the customer they were imported for, as assigned leads do.
   * Returns their ids in the order given.
   */
  async insertLeads(
    db: Executor,
    leads: readonly ImportLead[],
    c: { categoryId: number; customerId: number; batchId: number; now: number },
  ): Promise<number[]> {
    if (leads.length === 0) return []
    const rows = await db
      .insertInto('leads')
      .values(
        leads.map((l) => ({
          uuid: l.uuid,
          status: l.status,
          first_name: l.first_name,
          last_name: l.last_name,
          email: l.email,
          phone: l.phone,
          address: l.address,
          city: l.city,
          county: l.county,
          state: l.state,
          zip: l.zip,
          details: l.details,
          lead_type_id: l.lead_type_id,
          category_id: c.categoryId,
          customer_id: c.customerId,
          import_batch_id: c.batchId,
          created_at: c.now,
          updated_at: c.now,
        })),
      )
      .returning(['id', 'uuid'])
      .execute()
    const ids = new Map(rows.map((r) => [r.uuid, Number(r.id)]))
    return leads.map((l) => {
      const id = ids.get(l.uuid)
      if (id === undefined) throw new Error(`Imported lead ${l.uuid} was not stored`)
      return id
    })
  }

  /**
   * Reverse auctions for the customer, one per lead of the chunk (`range`: the batch's leads with
   * ids in [fromId, toId]) still in the marketplace (not imported as Duplicate). One statement
   * text whatever the chunk's size.
   */
  async openReverseAuctions(
    db: Executor,
    range: ImportChunkRange,
    a: { customerId: number; now: number; closesAt: number },
  ): Promise<void> {
    await db
      .insertInto('marketplace_listings')
      .columns(['lead_id', 'kind', 'status', 'customer_id', 'opened_at', 'closes_at'])
      .expression(
        chunkLeads(db, range)
          // Not `status = …`: the planner would take the status index and read every Marketplace
          // lead of the workspace for each chunk; as an expression it walks the chunk's id range.
          .where((eb) => eb(eb.fn.coalesce('leads.status', sql<string>`''`), '=', 'Marketplace'))
          .select([
            'leads.id',
            sql<'reverse'>`'reverse'`.as('kind'),
            sql<string>`'open'`.as('status'),
            bigint(a.customerId).as('customer_id'),
            bigint(a.now).as('opened_at'),
            bigint(a.closesAt).as('closes_at'),
          ])
          .orderBy('leads.id'),
      )
      .execute()
  }

  /** The "imported" line of each lead of the chunk's trace. */
  async importedEvents(
    db: Executor,
    range: ImportChunkRange,
    e: { now: number; message: string; data: string },
  ): Promise<void> {
    await db
      .insertInto('lead_events')
      .columns(['lead_id', 'at', 'stage', 'kind', 'message', 'data'])
      .expression(
        chunkLeads(db, range)
          .select([
            'leads.id',
            bigint(e.now).as('at'),
            sql<string>`'intake'`.as('stage'),
            sql<string>`'imported'`.as('kind'),
            sql<string>`cast(${e.message} as text)`.as('message'),
            sql<string>`cast(${e.data} as text)`.as('data'),
          ])
          .orderBy('leads.id'),
      )
      .execute()
  }

  async insertEvents(db: Executor, events: readonly ImportEvent[]): Promise<void> {
    if (events.length === 0) return
    await db
      .insertInto('lead_events')
      .values([...events])
      .execute()
  }

  /** Counts a chunk's leads on its batch, in the chunk's transaction: the batch always says what it holds. */
  async countImported(db: Executor, batchId: number, leads: number): Promise<void> {
    await db
      .updateTable('import_batches')
      .set((eb) => ({ rows_imported: eb('rows_imported', '+', leads) }))
      .where('id', '=', batchId)
      .execute()
  }
}
