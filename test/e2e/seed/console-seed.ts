import { inTransaction } from '../../../src/main/db/transaction'
import { createUserRow } from '../../../src/main/demo/users'
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
 * statuses with the events the engine would have written. Rows are written directly (Kysely, one
 * unit of work) so the screens can be exercised on exact, known data.
 */
export async function seedConsole(
  app: LeadlineApp,
  options: { now?: number; extraLeads?: number; acmeDailyCap?: number } = {},
): Promise<ConsoleSeed> {
  const now = options.now ?? Date.now()
  const { db } = app.services.deps
  const auth = app.services.auth
  for (const [role, email] of Object.entries(SEED_USERS)) {
    const name = `${role} ${role === 'Admin' ? 'Ada' : 'User'}`
    await createUserRow(auth, db, name, email, role, await hashPassword(SEED_PASSWORD))
  }
  await db
    .insertInto('settings')
    .values({ key: 'workspace.name', value: '"Acme Leads"' })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: '"Acme Leads"' }))
    .execute()

  const seed = await inTransaction(db, async (trx): Promise<ConsoleSeed> => {
    const planId = (
      await trx
        .insertInto('distribution_plans')
        .values({
          name: 'Bid, then marketplace',
          stages: JSON.stringify([
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
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
    const categoryId = (
      await trx
        .insertInto('categories')
        .values({
          slug: 'auto',
          name: 'Auto insurance',
          duplicate_rule: JSON.stringify({ keys: ['email', 'phone'], days: 30 }),
          default_plan_id: planId,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
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
    for (const [position, [key, label, type, required, deliverable, standard, validation]] of fields.entries()) {
      await trx
        .insertInto('fields')
        .values({
          category_id: categoryId,
          key,
          label,
          type,
          required,
          deliverable,
          standard,
          validation: JSON.stringify(validation),
          position,
        })
        .execute()
    }
    const leadType = async (name: string, priority: number, conditions: string | null, isFallback: number) =>
      (
        await trx
          .insertInto('lead_types')
          .values({
            category_id: categoryId,
            name,
            priority,
            conditions,
            is_fallback: isFallback,
            plan_id: planId,
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id
    const ca = await leadType(
      'Auto – CA',
      1,
      JSON.stringify({ match: 'all', conditions: [{ field: 'state', op: 'equals', value: 'CA' }] }),
      0,
    )
    const other = await leadType('Auto – Other states', 2, null, 1)
    const sourceId = (
      await trx
        .insertInto('sources')
        .values({
          name: 'Web form',
          api_key_hash: 'seed-hash',
          api_key_hint: 'll_…seed',
          default_category_id: categoryId,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
    const credit = async (
      customerId: number,
      kind: 'deposit' | 'charge' | 'credit',
      cents: number,
      leadId: number | null,
    ) => {
      await trx
        .insertInto('wallet_transactions')
        .values({
          customer_id: customerId,
          kind,
          amount_cents: cents,
          lead_id: leadId,
          reason: kind === 'deposit' ? 'Opening deposit' : null,
          created_at: now,
        })
        .execute()
      await trx
        .updateTable('customers')
        .set((eb) => ({ balance_cents: eb('balance_cents', '+', cents) }))
        .where('id', '=', customerId)
        .execute()
    }
    const customer = async (name: string, cents: number) => {
      const id = (
        await trx
          .insertInto('customers')
          .values({
            name,
            email: `${name.split(' ')[0]?.toLowerCase()}@buyer.test`,
            balance_cents: 0,
            created_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id
      if (cents > 0) await credit(id, 'deposit', cents, null)
      return id
    }
    const acme = await customer('Acme Insurance', 20_000)
    const blue = await customer('Blue Shield Direct', 5_000)
    const bidId = (
      await trx
        .insertInto('bids')
        .values({
          customer_id: acme,
          lead_type_id: ca,
          price_cents: 1500,
          priority: 1,
          cap_day: options.acmeDailyCap ?? null,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
    await trx
      .insertInto('bids')
      .values({
        customer_id: blue,
        lead_type_id: other,
        price_cents: 1200,
        priority: 1,
        created_at: now,
        updated_at: now,
      })
      .execute()
    const partnerId = (
      await trx
        .insertInto('partners')
        .values({
          name: 'LeadCo Exchange',
          ping_url: 'http://127.0.0.1:9/ping',
          post_url: 'http://127.0.0.1:9/post',
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id

    let n = 0
    const lead = async (p: {
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
      return (
        await trx
          .insertInto('leads')
          .values({
            uuid: `5eed0000-0000-4000-8000-${String(n).padStart(12, '0')}`,
            status: p.status,
            first_name: p.first,
            last_name: p.last,
            email: `${p.first}.${p.last}@mail.test`.toLowerCase(),
            phone: `+1415555${String(1000 + n).slice(-4)}`,
            state: p.state ?? 'CA',
            zip: p.state === 'TX' ? '73301' : '94105',
            details: JSON.stringify(p.details ?? { vehicles: 2, credit_score: 712 }),
            source_id: sourceId,
            category_id: p.categoryId === undefined ? categoryId : p.categoryId,
            lead_type_id: p.typeId === undefined ? ca : p.typeId,
            customer_id: p.customerId ?? null,
            bid_id: p.bidId ?? null,
            charged_cents: p.charged ?? null,
            assigned_at: sold ? created + 1000 : null,
            created_at: created,
            updated_at: created,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id
    }
    const event = async (leadId: number, stage: string, kind: string, message: string, data: unknown = null) => {
      await trx
        .insertInto('lead_events')
        .values({
          lead_id: leadId,
          at: now,
          stage,
          kind,
          message,
          data: data === null ? null : JSON.stringify(data),
        })
        .execute()
    }

    const assigned = await lead({
      status: 'Assigned',
      first: 'Maria',
      last: 'Lopez',
      customerId: acme,
      bidId,
      charged: 1500,
      ageMinutes: 1,
    })
    await credit(acme, 'charge', -1500, assigned)
    await event(assigned, 'intake', 'received', 'Received from Web form')
    await event(assigned, 'classify', 'classified', 'Auto insurance / Auto – CA (state equals CA)')
    await event(
      assigned,
      'bidding',
      'bid_skipped',
      'Blue Shield Direct: lead type Auto – Other states does not match',
      {
        bidId: 2,
      },
    )
    await event(assigned, 'bidding', 'assigned', 'Assigned to Acme Insurance at $15.00 (highest eligible bid)', {
      bidId,
      priceCents: 1500,
    })

    const returned = await lead({
      status: 'Returned',
      first: 'Tom',
      last: 'Becker',
      customerId: acme,
      bidId,
      charged: 1500,
      ageMinutes: 60,
    })
    await credit(acme, 'charge', -1500, returned)
    await credit(acme, 'credit', 1500, returned)
    await trx
      .updateTable('leads')
      .set({ return_reason: 'Wrong phone number', returned_at: now - 1000 })
      .where('id', '=', returned)
      .execute()

    const posted = await lead({
      status: 'Posted',
      first: 'Kim',
      last: 'Nguyen',
      state: 'TX',
      typeId: other,
      ageMinutes: 15,
    })
    const ping = (
      await trx
        .insertInto('pingpost_records')
        .values({
          public_id: 'ping-seed-1',
          direction: 'outbound',
          kind: 'ping',
          lead_id: posted,
          partner_id: partnerId,
          url: 'http://127.0.0.1:9/ping',
          payload: JSON.stringify({ state: 'TX', zip: '73301', vehicles: 2 }),
          response: JSON.stringify({ bid: 9.0, ping_id: 'LC-77' }),
          status_code: 200,
          price_cents: 900,
          latency_ms: 84,
          outcome: 'bid',
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
    const post = (
      await trx
        .insertInto('pingpost_records')
        .values({
          public_id: 'post-seed-1',
          direction: 'outbound',
          kind: 'post',
          lead_id: posted,
          partner_id: partnerId,
          url: 'http://127.0.0.1:9/post',
          payload: JSON.stringify({ first_name: 'Kim', last_name: 'Nguyen', state: 'TX' }),
          response: JSON.stringify({ status: 'accepted', reference: 'LC-77' }),
          status_code: 200,
          price_cents: 900,
          latency_ms: 132,
          outcome: 'accepted',
          reference: 'LC-77',
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
    await trx
      .updateTable('leads')
      .set({ partner_id: partnerId, ping_record_id: ping, post_record_id: post })
      .where('id', '=', posted)
      .execute()
    await event(posted, 'pingpost', 'posted', 'Posted to LeadCo Exchange at $9.00', { partnerId, priceCents: 900 })

    const audit = [
      await lead({ status: 'Audit', first: 'Ravi', last: 'Shah', ageMinutes: 30 }),
      await lead({ status: 'Audit', first: 'Lena', last: 'Fischer', ageMinutes: 25 }),
    ]
    await event(audit[0] as number, 'audit', 'held', 'Audit: vehicles greater than 5 is false; sampled 10% of leads', {
      samplePercent: 10,
    })
    await event(audit[1] as number, 'audit', 'held', 'Audit: leads from Web form are always reviewed', {
      sourceIds: [sourceId],
    })

    const unassigned = [
      await lead({ status: 'Unassigned', first: 'Omar', last: 'Haddad', ageMinutes: 40 }),
      await lead({ status: 'Unassigned', first: 'Julia', last: 'Rossi', ageMinutes: 45 }),
      await lead({ status: 'Unassigned', first: 'Sven', last: 'Olsen', ageMinutes: 50 }),
    ]
    for (const id of unassigned) {
      await event(id, 'bidding', 'no_bid', 'No eligible bid: Acme Insurance daily cap 50/50', {
        bidId,
        check: 'cap_day',
      })
      await event(id, 'plan', 'unassigned', 'No stage placed the lead')
    }
    const uncategorized = await lead({
      status: 'Uncategorized',
      first: 'Ana',
      last: 'Silva',
      typeId: null,
      categoryId: null,
      ageMinutes: 55,
    })
    const distributionError = await lead({ status: 'Distribution Error', first: 'Ben', last: 'Carter', ageMinutes: 65 })
    await event(distributionError, 'bidding', 'error', 'Distribution failed: database is locked')
    const duplicate = await lead({ status: 'Duplicate', first: 'Maria', last: 'Lopez', ageMinutes: 70 })
    await event(duplicate, 'duplicate', 'duplicate', `Duplicate of lead 5eed…0001 on phone within 30 days`)

    for (let i = 0; i < (options.extraLeads ?? 0); i++) {
      await lead({
        status: i % 2 ? 'Unassigned' : 'Duplicate',
        first: `Extra${i}`,
        last: 'Lead',
        ageMinutes: 100 + i,
      })
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
  // The engine keeps its configuration in memory; tell it the settings were written (after the commit).
  app.events.emit('changed', { areas: ['settings', 'customers'] })
  return seed
}
