import type { LeadlineApp } from '../../../src/main/host/app'
import { hashPassword } from '../../../src/main/services/passwords'

/** Sign-in details of the seeded users; every one uses the same password. */
export const SEED_PASSWORD = 'password123'
export const SEED_USERS = {
  Admin: 'admin@leadline.test',
  Manager: 'manager@leadline.test',
  Operator: 'operator@leadline.test',
  Viewer: 'viewer@leadline.test',
} as const

export interface ConsoleSeed {
  categoryId: number
  leadTypes: { ca: number; other: number }
  planId: number
  sourceId: number
  customers: { acme: number; blue: number }
  bidId: number
  partnerId: number
  /** Lead ids by role in the story. */
  leads: {
    assigned: number
    posted: number
    audit: number[]
    unassigned: number[]
    uncategorized: number
    distributionError: number
    duplicate: number
    returned: number
  }
}

/**
 * A small, readable workspace for the console: one category whose fields say which are
 * deliverable, two lead types, a customer with a bid and a funded wallet, and leads in most
 * statuses with the events the engine would have written. Rows are written with SQL directly so
 * the screens can be exercised on exact, known data.
 */
export async function seedConsole(
  app: LeadlineApp,
  options: { now?: number; extraLeads?: number; acmeDailyCap?: number } = {},
): Promise<ConsoleSeed> {
  const now = options.now ?? Date.now()
  const db = app.services.deps.store.sqlite
  const auth = app.services.auth
  for (const [role, email] of Object.entries(SEED_USERS)) {
    await auth.createUserRow(
      app.services.deps.db,
      `${role} ${role === 'Admin' ? 'Ada' : 'User'}`,
      email,
      role,
      await hashPassword(SEED_PASSWORD),
    )
  }
  db.prepare(`INSERT OR REPLACE INTO settings (key, value) VALUES ('workspace.name', '"Acme Leads"')`).run()

  const insert = (sql: string, ...params: unknown[]) => Number(db.prepare(sql).run(...params).lastInsertRowid)
  const seed = app.services.deps.store.transaction((): ConsoleSeed => {
    const planId = insert(
      `INSERT INTO distribution_plans (name, stages, created_at, updated_at) VALUES (?, ?, ?, ?)`,
      'Bid, then marketplace',
      JSON.stringify([
        { kind: 'bidding' },
        {
          kind: 'marketplace',
          startPriceCents: 2500,
          floorPriceCents: 500,
          decrementCents: 250,
          intervalMinutes: 15,
          directPostPartnerId: null,
        },
      ]),
      now,
      now,
    )
    const categoryId = insert(
      `INSERT INTO categories (slug, name, duplicate_rule, default_plan_id, created_at, updated_at) VALUES ('auto', 'Auto insurance', ?, ?, ?, ?)`,
      JSON.stringify({ keys: ['email', 'phone'], days: 30 }),
      planId,
      now,
      now,
    )
    const fields: [string, string, string, number, number, number, object][] = [
      ['first_name', 'First name', 'text', 1, 1, 1, {}],
      ['last_name', 'Last name', 'text', 1, 1, 1, {}],
      ['email', 'Email', 'email', 1, 1, 1, {}],
      ['phone', 'Phone', 'phone', 1, 1, 1, {}],
      ['state', 'State', 'text', 0, 1, 1, {}],
      ['zip', 'ZIP', 'zip', 1, 1, 1, {}],
      ['vehicles', 'Vehicles', 'number', 0, 1, 0, { min: 1, max: 10 }],
      // Scored by the tenant for its own use: never delivered to a customer.
      ['credit_score', 'Credit score', 'number', 0, 0, 0, { min: 300, max: 850 }],
    ]
    fields.forEach(([key, label, type, required, deliverable, standard, validation], position) =>
      insert(
        `INSERT INTO fields (category_id, key, label, type, required, deliverable, standard, validation, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        categoryId,
        key,
        label,
        type,
        required,
        deliverable,
        standard,
        JSON.stringify(validation),
        position,
      ),
    )
    const ca = insert(
      `INSERT INTO lead_types (category_id, name, priority, conditions, is_fallback, plan_id, created_at, updated_at) VALUES (?, 'Auto – CA', 1, ?, 0, ?, ?, ?)`,
      categoryId,
      JSON.stringify({ match: 'all', conditions: [{ field: 'state', op: 'equals', value: 'CA' }] }),
      planId,
      now,
      now,
    )
    const other = insert(
      `INSERT INTO lead_types (category_id, name, priority, conditions, is_fallback, plan_id, created_at, updated_at) VALUES (?, 'Auto – Other states', 2, NULL, 1, ?, ?, ?)`,
      categoryId,
      planId,
      now,
      now,
    )
    const sourceId = insert(
      `INSERT INTO sources (name, api_key_hash, api_key_hint, default_category_id, created_at) VALUES ('Web form', 'seed-hash', 'll_…seed', ?, ?)`,
      categoryId,
      now,
    )
    const customer = (name: string, cents: number) => {
      const id = insert(
        `INSERT INTO customers (name, email, balance_cents, created_at) VALUES (?, ?, 0, ?)`,
        name,
        `${name.split(' ')[0]?.toLowerCase()}@buyer.test`,
        now,
      )
      if (cents > 0) credit(id, 'deposit', cents, null)
      return id
    }
    const credit = (customerId: number, kind: string, cents: number, leadId: number | null) => {
      insert(
        `INSERT INTO wallet_transactions (customer_id, kind, amount_cents, lead_id, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
        customerId,
        kind,
        cents,
        leadId,
        kind === 'deposit' ? 'Opening deposit' : null,
        now,
      )
      db.prepare(`UPDATE customers SET balance_cents = balance_cents + ? WHERE id = ?`).run(cents, customerId)
    }
    const acme = customer('Acme Insurance', 20_000)
    const blue = customer('Blue Shield Direct', 5_000)
    const bidId = insert(
      `INSERT INTO bids (customer_id, lead_type_id, price_cents, priority, cap_day, created_at, updated_at) VALUES (?, ?, 1500, 1, ?, ?, ?)`,
      acme,
      ca,
      options.acmeDailyCap ?? null,
      now,
      now,
    )
    insert(
      `INSERT INTO bids (customer_id, lead_type_id, price_cents, priority, created_at, updated_at) VALUES (?, ?, 1200, 1, ?, ?)`,
      blue,
      other,
      now,
      now,
    )
    const partnerId = insert(
      `INSERT INTO partners (name, ping_url, post_url, created_at) VALUES ('LeadCo Exchange', 'http://127.0.0.1:9/ping', 'http://127.0.0.1:9/post', ?)`,
      now,
    )

    let n = 0
    const lead = (p: {
      status: string
      first: string
      last: string
      state?: string
      typeId?: number | null
      categoryId?: number | null
      customerId?: number | null
      bidId?: number | null
      charged?: number | null
      details?: Record<string, unknown>
      ageMinutes?: number
    }) => {
      n += 1
      const created = now - (p.ageMinutes ?? n * 7) * 60_000
      const sold = p.status === 'Assigned' || p.status === 'Returned'
      return insert(
        `INSERT INTO leads (uuid, status, first_name, last_name, email, phone, state, zip, details, source_id, category_id, lead_type_id,
           customer_id, bid_id, charged_cents, assigned_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        `5eed0000-0000-4000-8000-${String(n).padStart(12, '0')}`,
        p.status,
        p.first,
        p.last,
        `${p.first}.${p.last}@mail.test`.toLowerCase(),
        `+1415555${String(1000 + n).slice(-4)}`,
        p.state ?? 'CA',
        p.state === 'TX' ? '73301' : '94105',
        JSON.stringify(p.details ?? { vehicles: 2, credit_score: 712 }),
        sourceId,
        p.categoryId === undefined ? categoryId : p.categoryId,
        p.typeId === undefined ? ca : p.typeId,
        p.customerId ?? null,
        p.bidId ?? null,
        p.charged ?? null,
        sold ? created + 1000 : null,
        created,
        created,
      )
    }
    const event = (leadId: number, stage: string, kind: string, message: string, data: unknown = null) =>
      insert(
        `INSERT INTO lead_events (lead_id, at, stage, kind, message, data) VALUES (?, ?, ?, ?, ?, ?)`,
        leadId,
        now,
        stage,
        kind,
        message,
        data === null ? null : JSON.stringify(data),
      )

    const assigned = lead({
      status: 'Assigned',
      first: 'Maria',
      last: 'Lopez',
      customerId: acme,
      bidId,
      charged: 1500,
      ageMinutes: 1,
    })
    credit(acme, 'charge', -1500, assigned)
    event(assigned, 'intake', 'received', 'Received from Web form')
    event(assigned, 'classify', 'classified', 'Auto insurance / Auto – CA (state equals CA)')
    event(assigned, 'bidding', 'bid_skipped', 'Blue Shield Direct: lead type Auto – Other states does not match', {
      bidId: 2,
    })
    event(assigned, 'bidding', 'assigned', 'Assigned to Acme Insurance at $15.00 (highest eligible bid)', {
      bidId,
      priceCents: 1500,
    })

    const returned = lead({
      status: 'Returned',
      first: 'Tom',
      last: 'Becker',
      customerId: acme,
      bidId,
      charged: 1500,
      ageMinutes: 60,
    })
    credit(acme, 'charge', -1500, returned)
    credit(acme, 'credit', 1500, returned)
    db.prepare(`UPDATE leads SET return_reason = 'Wrong phone number', returned_at = ? WHERE id = ?`).run(
      now - 1000,
      returned,
    )

    const posted = lead({ status: 'Posted', first: 'Kim', last: 'Nguyen', state: 'TX', typeId: other, ageMinutes: 15 })
    const ping = insert(
      `INSERT INTO pingpost_records (public_id, direction, kind, lead_id, partner_id, url, payload, response, status_code, price_cents, latency_ms, outcome, created_at)
       VALUES ('ping-seed-1', 'outbound', 'ping', ?, ?, 'http://127.0.0.1:9/ping', ?, ?, 200, 900, 84, 'bid', ?)`,
      posted,
      partnerId,
      JSON.stringify({ state: 'TX', zip: '73301', vehicles: 2 }),
      JSON.stringify({ bid: 9.0, ping_id: 'LC-77' }),
      now,
    )
    const post = insert(
      `INSERT INTO pingpost_records (public_id, direction, kind, lead_id, partner_id, url, payload, response, status_code, price_cents, latency_ms, outcome, reference, created_at)
       VALUES ('post-seed-1', 'outbound', 'post', ?, ?, 'http://127.0.0.1:9/post', ?, ?, 200, 900, 132, 'accepted', 'LC-77', ?)`,
      posted,
      partnerId,
      JSON.stringify({ first_name: 'Kim', last_name: 'Nguyen', state: 'TX' }),
      JSON.stringify({ status: 'accepted', reference: 'LC-77' }),
      now,
    )
    db.prepare(`UPDATE leads SET partner_id = ?, ping_record_id = ?, post_record_id = ? WHERE id = ?`).run(
      partnerId,
      ping,
      post,
      posted,
    )
    event(posted, 'pingpost', 'posted', 'Posted to LeadCo Exchange at $9.00', { partnerId, priceCents: 900 })

    const audit = [
      lead({ status: 'Audit', first: 'Ravi', last: 'Shah', ageMinutes: 30 }),
      lead({ status: 'Audit', first: 'Lena', last: 'Fischer', ageMinutes: 25 }),
    ]
    event(audit[0] as number, 'audit', 'held', 'Audit: vehicles greater than 5 is false; sampled 10% of leads', {
      samplePercent: 10,
    })
    event(audit[1] as number, 'audit', 'held', 'Audit: leads from Web form are always reviewed', {
      sourceIds: [sourceId],
    })

    const unassigned = [
      lead({ status: 'Unassigned', first: 'Omar', last: 'Haddad', ageMinutes: 40 }),
      lead({ status: 'Unassigned', first: 'Julia', last: 'Rossi', ageMinutes: 45 }),
      lead({ status: 'Unassigned', first: 'Sven', last: 'Olsen', ageMinutes: 50 }),
    ]
    for (const id of unassigned) {
      event(id, 'bidding', 'no_bid', 'No eligible bid: Acme Insurance daily cap 50/50', { bidId, check: 'cap_day' })
      event(id, 'plan', 'unassigned', 'No stage placed the lead')
    }
    const uncategorized = lead({
      status: 'Uncategorized',
      first: 'Ana',
      last: 'Silva',
      typeId: null,
      categoryId: null,
      ageMinutes: 55,
    })
    const distributionError = lead({ status: 'Distribution Error', first: 'Ben', last: 'Carter', ageMinutes: 65 })
    event(distributionError, 'bidding', 'error', 'Distribution failed: database is locked')
    const duplicate = lead({ status: 'Duplicate', first: 'Maria', last: 'Lopez', ageMinutes: 70 })
    event(duplicate, 'duplicate', 'duplicate', `Duplicate of lead 5eed…0001 on phone within 30 days`)

    for (let i = 0; i < (options.extraLeads ?? 0); i++) {
      lead({ status: i % 2 ? 'Unassigned' : 'Duplicate', first: `Extra${i}`, last: 'Lead', ageMinutes: 100 + i })
    }
    return {
      categoryId,
      leadTypes: { ca, other },
      planId,
      sourceId,
      customers: { acme, blue },
      bidId,
      partnerId,
      leads: { assigned, posted, audit, unassigned, uncategorized, distributionError, duplicate, returned },
    }
  })
  // The engine keeps its configuration in memory; tell it the settings were written.
  app.events.emit('changed', { areas: ['settings', 'customers'] })
  return seed
}
