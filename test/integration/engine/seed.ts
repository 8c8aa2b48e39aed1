import type { Stage } from '../../../src/shared/domain/config'
import type { TestApp } from '../../support/workspace'

/**
 * Configuration rows for engine tests, written straight into the workspace the way the settings
 * screens would, then the engine is told that settings changed.
 */
export class Seed {
  constructor(private readonly app: TestApp) {}

  private get db() {
    return this.app.services.deps.db
  }

  private get now() {
    return this.app.clock.now()
  }

  done(): void {
    this.app.events.emit('changed', { areas: ['settings'] })
  }

  async plan(stages: Stage[], name = 'Plan'): Promise<number> {
    const row = await this.db
      .insertInto('distribution_plans')
      .values({ name, stages: JSON.stringify(stages), created_at: this.now, updated_at: this.now })
      .returning('id')
      .executeTakeFirstOrThrow()
    return Number(row.id)
  }

  async category(
    c: {
      slug?: string
      name?: string
      planId?: number | null
      duplicate?: { keys: string[]; days: number }
      audit?: { conditions: unknown; sourceIds: number[]; samplePercent: number }
      match?: unknown
    } = {},
  ): Promise<number> {
    const row = await this.db
      .insertInto('categories')
      .values({
        slug: c.slug ?? 'auto',
        name: c.name ?? 'Auto insurance',
        match_conditions: c.match === undefined ? null : JSON.stringify(c.match),
        duplicate_rule: JSON.stringify(c.duplicate ?? { keys: ['email', 'phone'], days: 30 }),
        audit_rule: JSON.stringify(c.audit ?? { conditions: null, sourceIds: [], samplePercent: 0 }),
        default_plan_id: c.planId ?? null,
        created_at: this.now,
        updated_at: this.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const id = Number(row.id)
    const fields: [string, string, string, number][] = [
      ['first_name', 'First name', 'text', 1],
      ['last_name', 'Last name', 'text', 0],
      ['email', 'Email', 'email', 1],
      ['phone', 'Phone', 'phone', 1],
      ['state', 'State', 'text', 0],
      ['zip', 'Zip', 'zip', 0],
      ['county', 'County', 'text', 0],
      ['vehicles', 'Vehicles', 'number', 0],
    ]
    await this.db
      .insertInto('fields')
      .values(
        fields.map(([key, label, type, required], position) => ({
          category_id: id,
          key,
          label,
          type,
          required,
          position,
          standard: key === 'vehicles' ? 0 : 1,
        })),
      )
      .execute()
    return id
  }

  async leadType(t: {
    categoryId: number
    name?: string
    priority?: number
    conditions?: unknown
    fallback?: boolean
    planId?: number | null
  }): Promise<number> {
    const row = await this.db
      .insertInto('lead_types')
      .values({
        category_id: t.categoryId,
        name: t.name ?? 'Standard',
        priority: t.priority ?? 1,
        conditions: t.conditions === undefined ? null : JSON.stringify(t.conditions),
        is_fallback: t.fallback ? 1 : 0,
        plan_id: t.planId ?? null,
        created_at: this.now,
        updated_at: this.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return Number(row.id)
  }

  async customer(name: string, balanceCents: number, active = true): Promise<number> {
    const row = await this.db
      .insertInto('customers')
      .values({ name, active: active ? 1 : 0, created_at: this.now })
      .returning('id')
      .executeTakeFirstOrThrow()
    const id = Number(row.id)
    if (balanceCents > 0) {
      // The deposit's ledger row and the balance, as WalletsRepository.post writes them.
      await this.db
        .insertInto('wallet_transactions')
        .values({
          customer_id: id,
          kind: 'deposit',
          amount_cents: balanceCents,
          lead_id: null,
          user_id: null,
          reason: 'seed',
          created_at: this.now,
        })
        .execute()
      await this.db.updateTable('customers').set({ balance_cents: balanceCents }).where('id', '=', id).execute()
    }
    return id
  }

  async bid(b: {
    customerId: number
    leadTypeId: number
    priceCents: number
    priority?: number
    scope?: unknown
    filters?: unknown
    capDay?: number | null
    capWeek?: number | null
    capMonth?: number | null
    budgetDayCents?: number | null
    budgetMonthCents?: number | null
    schedule?: unknown
    active?: boolean
  }): Promise<number> {
    const row = await this.db
      .insertInto('bids')
      .values({
        customer_id: b.customerId,
        lead_type_id: b.leadTypeId,
        price_cents: b.priceCents,
        priority: b.priority ?? 0,
        scope: JSON.stringify(b.scope ?? { kind: 'nationwide', values: [] }),
        filters: b.filters === undefined ? null : JSON.stringify(b.filters),
        cap_day: b.capDay ?? null,
        cap_week: b.capWeek ?? null,
        cap_month: b.capMonth ?? null,
        budget_day_cents: b.budgetDayCents ?? null,
        budget_month_cents: b.budgetMonthCents ?? null,
        schedule: b.schedule === undefined ? null : JSON.stringify(b.schedule),
        active: b.active === false ? 0 : 1,
        created_at: this.now,
        updated_at: this.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return Number(row.id)
  }

  async source(name = 'Web form', defaultCategoryId: number | null = null): Promise<number> {
    const row = await this.db
      .insertInto('sources')
      .values({
        name,
        api_key_hash: `hash-${name}-${Math.random()}`,
        api_key_hint: 'abcd',
        default_category_id: defaultCategoryId,
        created_at: this.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return Number(row.id)
  }

  /** A JSON partner at `url` (`/ping`, `/post`) that is pinged with the state and zip. */
  async partner(url: string, name = 'Buyer Net'): Promise<number> {
    const row = await this.db
      .insertInto('partners')
      .values({
        name,
        ping_url: `${url}/ping`,
        post_url: `${url}/post`,
        mapping: JSON.stringify({ pingFields: ['state', 'zip'] }),
        response: JSON.stringify({ format: 'json' }),
        timeout_ms: 2000,
        created_at: 0,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return Number(row.id)
  }

  async subscription(threshold: number | null, periodStartDay = 1): Promise<void> {
    const value = JSON.stringify({ threshold, periodStartDay })
    await this.db
      .insertInto('settings')
      .values({ key: 'subscription', value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute()
  }
}

let n = 0
/** A valid lead; each call gets a different email and phone so it is not a duplicate. */
export function lead(extra: Record<string, unknown> = {}): Record<string, unknown> {
  n += 1
  return {
    first_name: 'Jane',
    last_name: 'Doe',
    email: `jane${n}@example.com`,
    phone: `+1 415 555 ${String(1000 + (n % 9000)).padStart(4, '0')}`,
    state: 'CA',
    zip: '94103',
    vehicles: 2,
    ...extra,
  }
}

/** An operator who exists in the workspace, for actions that land in the audit log. */
export async function operator(app: TestApp, name = 'Ada Admin'): Promise<{ id: number; name: string }> {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}@example.com`
  return {
    id: await app.services.auth.createUserRow(app.services.deps.db, name, email, 'Admin', 'not-a-real-hash'),
    name,
  }
}

/** A workspace whose one plan is bidding, with a category and a fallback lead type to bid on. */
export async function biddingWorld(app: TestApp): Promise<{ app: TestApp; seed: Seed; typeId: number }> {
  const seed = new Seed(app)
  const plan = await seed.plan([{ kind: 'bidding' }])
  const categoryId = await seed.category({ planId: plan })
  const typeId = await seed.leadType({ categoryId, fallback: true })
  return { app, seed, typeId }
}

/** A workspace where every lead stops in Audit (a 100 % sample), with a bid waiting behind it. */
export async function auditWorld(app: TestApp): Promise<void> {
  const seed = new Seed(app)
  const plan = await seed.plan([{ kind: 'bidding' }])
  const categoryId = await seed.category({
    planId: plan,
    audit: { conditions: null, sourceIds: [], samplePercent: 100 },
  })
  const typeId = await seed.leadType({ categoryId, fallback: true })
  await seed.bid({ customerId: await seed.customer('Acme', 100_000), leadTypeId: typeId, priceCents: 1000 })
  seed.done()
}
