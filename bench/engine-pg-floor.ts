import { performance } from 'node:perf_hooks'
import pg from 'pg'
import { leadlineTypes } from '../src/main/db/postgres/types'
import { periodStartsCached } from '../src/main/engine/periods'

/** What the floor needs of the run's leads, shared with the SQLite floor in engine.ts. */
export interface FloorLeads {
  leadAt(i: number, rand: () => number): Record<string, unknown>
  rand: () => number
  states: readonly string[]
  since: number
}

/**
 * The PostgreSQL floor: the same reads and writes per lead as the SQLite floor, hand-written with
 * `pg` (one client, one transaction per lead, prepared statements by name): the duplicate look-ups,
 * the winner's balance, the lead row in its final state, the same event rows, the ledger row and
 * the balance.
 */
export async function pgFloorRunner(
  url: string,
  leads: FloorLeads,
): Promise<{ chunk(from: number, to: number): Promise<number[]>; close(): Promise<void> }> {
  const client = new pg.Client({ connectionString: url, types: leadlineTypes })
  await client.connect()
  const q = (name: string, text: string, values: unknown[]) => client.query({ name, text, values })
  const bids = (await client.query('SELECT id, customer_id, lead_type_id, price_cents FROM bids')).rows as {
    id: number
    customer_id: number
    lead_type_id: number
    price_cents: number
  }[]
  const types = (await client.query('SELECT id, name FROM lead_types ORDER BY id')).rows as {
    id: number
    name: string
  }[]
  const event = (id: number, now: number, stage: string, kind: string, message: string, data: string | null) =>
    q('event', 'INSERT INTO lead_events (lead_id, at, stage, kind, message, data) VALUES ($1, $2, $3, $4, $5, $6)', [
      id,
      now,
      stage,
      kind,
      message,
      data,
    ])
  // Caps and budgets are counted in the database: read before bidding, moved by a guarded UPDATE.
  const p = periodStartsCached(Date.now(), null)
  for (const b of bids)
    await client.query('INSERT INTO bid_usage VALUES ($1, $2, 0, 0, $3, 0, $4, 0, 0) ON CONFLICT (bid_id) DO NOTHING', [
      b.id,
      p.day,
      p.week,
      p.month,
    ])
  const current = (column: string, from: string, n: number) => `(CASE WHEN ${from} = $${n} THEN ${column} ELSE 0 END)`
  const take = `UPDATE bid_usage SET day_leads = ${current('day_leads', 'day_from', 1)} + 1,
      day_cents = ${current('day_cents', 'day_from', 1)} + $4, day_from = $1,
      week_leads = ${current('week_leads', 'week_from', 2)} + 1, week_from = $2,
      month_leads = ${current('month_leads', 'month_from', 3)} + 1,
      month_cents = ${current('month_cents', 'month_from', 3)} + $4, month_from = $3
    WHERE bid_id = $5 AND ${current('day_leads', 'day_from', 1)} < $6 AND ${current('month_leads', 'month_from', 3)} < $7
      AND ${current('day_cents', 'day_from', 1)} + $4 <= $8`
  const one = async (i: number): Promise<void> => {
    const f = leads.leadAt(i, leads.rand)
    const now = Date.now()
    const type = types[leads.states.indexOf(String(f.state))] ?? types[0]
    const max = Number.MAX_SAFE_INTEGER
    await client.query('BEGIN')
    try {
      const dupSql = (column: string) =>
        `SELECT id, uuid FROM leads WHERE ${column} = $1 AND created_at >= $2 AND category_id = $3 AND id < $4 ORDER BY created_at DESC LIMIT 1`
      const dup =
        (await q('dup_email', dupSql('email'), [f.email, leads.since, 1, max])).rows[0] ??
        (await q('dup_phone', dupSql('phone'), [f.phone, leads.since, 1, max])).rows[0]
      const typeBids = bids.filter((b) => b.lead_type_id === type?.id)
      if (!dup) {
        await q('usage', 'SELECT * FROM bid_usage WHERE bid_id = ANY($1)', [typeBids.map((b) => b.id)])
        await q('processed', 'UPDATE subscription_usage SET processed = processed + 1 WHERE period_start = $1', [
          p.month,
        ])
      }
      const winner = typeBids.reduce<(typeof bids)[number] | undefined>(
        (a, b) => (a === undefined || b.price_cents > a.price_cents ? b : a),
        undefined,
      )
      const balance =
        winner === undefined
          ? 0
          : ((await q('balance', 'SELECT balance_cents FROM customers WHERE id = $1', [winner.customer_id])).rows[0]
              ?.balance_cents as number)
      const sold = !dup && winner !== undefined && balance >= winner.price_cents
      const inserted = await q(
        'lead',
        `INSERT INTO leads (uuid, status, first_name, last_name, email, phone, state, zip, details, source_id, category_id,
           lead_type_id, customer_id, bid_id, charged_cents, assigned_at, processed_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, 1, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`,
        [
          `raw-${i}`,
          dup ? 'Duplicate' : 'Assigned',
          f.first_name,
          f.last_name,
          f.email,
          f.phone,
          f.state,
          f.zip,
          JSON.stringify({ vehicles: f.vehicles }),
          type?.id ?? null,
          sold ? winner?.customer_id : null,
          sold ? winner?.id : null,
          sold ? winner?.price_cents : null,
          sold ? now : null,
          sold ? now : null,
          now,
          now,
        ],
      )
      const id = inserted.rows[0].id as number
      await event(id, now, 'intake', 'received', 'Received from Bench source', '{"sourceId":1}')
      await event(id, now, 'classify', 'classified', `Auto insurance / ${type?.name}`, '{}')
      if (dup) {
        await event(id, now, 'duplicate', 'duplicate', 'duplicate of x on email within 30 days', '{}')
      } else {
        await event(id, now, 'duplicate', 'pass', 'No duplicate on email, phone within 30 days', null)
        await event(id, now, 'audit', 'pass', 'no audit condition matched', null)
        await event(id, now, 'threshold', 'pass', 'No subscription threshold', null)
        await event(
          id,
          now,
          'bidding',
          'bids',
          typeBids.map((b) => `Bid #${b.id} ${b.price_cents}: eligible`).join('\n'),
          JSON.stringify({
            bids: typeBids.map((b) => ({
              bidId: b.id,
              customerId: b.customer_id,
              priceCents: b.price_cents,
              eligible: true,
            })),
          }),
        )
        if (sold && winner) {
          await q('take', take, [
            p.day,
            p.week,
            p.month,
            winner.price_cents,
            winner.id,
            1_000_000,
            10_000_000,
            1_000_000_000_000,
          ])
          await q(
            'ledger',
            `INSERT INTO wallet_transactions (customer_id, kind, amount_cents, lead_id, created_at) VALUES ($1, 'charge', $2, $3, $4)`,
            [winner.customer_id, -winner.price_cents, id, now],
          )
          await q('move', 'UPDATE customers SET balance_cents = balance_cents - $1 WHERE id = $2', [
            winner.price_cents,
            winner.customer_id,
          ])
          await event(id, now, 'bidding', 'assigned', `Assigned at ${winner.price_cents}`, '{}')
        }
      }
      await client.query('COMMIT')
    } catch (error) {
      await client.query('ROLLBACK')
      throw error
    }
  }
  return {
    async chunk(from, to) {
      const latencies: number[] = []
      for (let i = from; i < to; i++) {
        const t = performance.now()
        await one(i)
        latencies.push(performance.now() - t)
      }
      return latencies
    },
    close: () => client.end(),
  }
}
