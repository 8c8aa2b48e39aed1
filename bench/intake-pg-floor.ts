import { performance } from 'node:perf_hooks'
import pg from 'pg'
import { leadlineTypes } from '../src/main/db/postgres/types'

type Row = Record<string, unknown>

/**
 * The PostgreSQL twin of the intake's SQL floor: the last `limit` leads the intake stored are
 * written again, row for row, with hand-written `pg` statements — the two duplicate look-ups and
 * the balance read, the lead in its final state, its events as stored, the ledger row and the
 * balance move — in groups of `group` per transaction. Leads per second.
 */
export async function pgSqlFloor(url: string, limit: number, group: number): Promise<number> {
  const client = new pg.Client({ connectionString: url, types: leadlineTypes })
  await client.connect()
  try {
    const leads = (
      await client.query(`SELECT * FROM leads WHERE status = 'Assigned' ORDER BY id DESC LIMIT $1`, [limit])
    ).rows.reverse() as Row[]
    const rows: { lead: Row; events: Row[] }[] = []
    for (const lead of leads) {
      const events = (
        await client.query('SELECT at, stage, kind, message, data FROM lead_events WHERE lead_id = $1 ORDER BY id', [
          lead.id,
        ])
      ).rows as Row[]
      rows.push({ lead, events })
    }
    // Stored columns only: the search document is computed by PostgreSQL.
    const columns = Object.keys(leads[0] ?? {}).filter((c) => c !== 'id' && c !== 'search_doc')
    const insertLead = `INSERT INTO leads (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`
    const q = (name: string, text: string, values: unknown[]) => client.query({ name, text, values })
    const dup = (column: string) =>
      `SELECT id, uuid FROM leads WHERE ${column} = $1 AND created_at >= $2 AND category_id = $3 AND id < $4 ORDER BY created_at DESC LIMIT 1`
    const started = performance.now()
    for (let i = 0; i < rows.length; i += group) {
      await client.query('BEGIN')
      for (const { lead, events } of rows.slice(i, i + group)) {
        const since = Number(lead.created_at) - 30 * 86_400_000
        await q('dup_email', dup('email'), [lead.email, since, lead.category_id, Number.MAX_SAFE_INTEGER])
        await q('dup_phone', dup('phone'), [lead.phone, since, lead.category_id, Number.MAX_SAFE_INTEGER])
        await q('balance', 'SELECT balance_cents FROM customers WHERE id = $1', [lead.customer_id])
        const values = columns.map((c) => (c === 'uuid' ? `floor-${String(lead.uuid)}` : lead[c]))
        const id = (await q('lead', insertLead, values)).rows[0].id as number
        for (const e of events) {
          await q(
            'event',
            'INSERT INTO lead_events (lead_id, at, stage, kind, message, data) VALUES ($1, $2, $3, $4, $5, $6)',
            [id, e.at, e.stage, e.kind, e.message, e.data],
          )
        }
        await q(
          'move',
          'UPDATE customers SET balance_cents = balance_cents - $1 WHERE id = $2 AND balance_cents >= $1',
          [lead.charged_cents, lead.customer_id],
        )
        await q(
          'ledger',
          `INSERT INTO wallet_transactions (customer_id, kind, amount_cents, lead_id, user_id, reason, created_at)
           VALUES ($1, 'charge', $2, $3, NULL, NULL, $4)`,
          [lead.customer_id, -Number(lead.charged_cents), id, lead.created_at],
        )
      }
      await client.query('COMMIT')
    }
    return rows.length / ((performance.now() - started) / 1000)
  } finally {
    await client.end()
  }
}
