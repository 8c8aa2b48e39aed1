import { sql } from 'kysely'
import type { Executor } from '../../executor'
import { parseJson } from '../../json'

/**
 * Inserts of configuration rows in one go, for the demo workspace and benchmarks. The settings
 * screens have their own repositories with validation and audit; this one trusts its caller.
 * Every method runs on the executor it is given (the caller's unit of work).
 */
export class ConfigSeedRepository {
  constructor(private readonly now: () => number) {}

  async plan(db: Executor, name: string, stages: unknown[]): Promise<number> {
    const now = this.now()
    const row = await db
      .insertInto('distribution_plans')
      .values({ name, stages: JSON.stringify(stages), created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id
  }

  async category(
    db: Executor,
    c: {
      slug: string
      name: string
      matchConditions?: unknown
      duplicateRule: unknown
      auditRule: unknown
      defaultPlanId: number | null
    },
  ): Promise<number> {
    const now = this.now()
    const row = await db
      .insertInto('categories')
      .values({
        slug: c.slug,
        name: c.name,
        match_conditions: c.matchConditions === undefined ? null : JSON.stringify(c.matchConditions),
        duplicate_rule: JSON.stringify(c.duplicateRule),
        audit_rule: JSON.stringify(c.auditRule),
        default_plan_id: c.defaultPlanId,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id
  }

  /** Replaces a category's audit rule (the demo points it at a source once the source exists). */
  async setAuditRule(db: Executor, categoryId: number, auditRule: unknown): Promise<void> {
    await db
      .updateTable('categories')
      .set({ audit_rule: JSON.stringify(auditRule) })
      .where('id', '=', categoryId)
      .execute()
  }

  async field(
    db: Executor,
    f: {
      categoryId: number
      key: string
      label: string
      type: string
      required?: boolean
      requiredForPing?: boolean
      deliverable?: boolean
      standard?: boolean
      validation?: unknown
      position: number
    },
  ): Promise<number> {
    const row = await db
      .insertInto('fields')
      .values({
        category_id: f.categoryId,
        key: f.key,
        label: f.label,
        type: f.type,
        required: f.required ? 1 : 0,
        required_for_ping: f.requiredForPing ? 1 : 0,
        deliverable: f.deliverable === false ? 0 : 1,
        standard: f.standard ? 1 : 0,
        validation: JSON.stringify(f.validation ?? {}),
        position: f.position,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id
  }

  async leadType(
    db: Executor,
    t: {
      categoryId: number
      name: string
      priority: number
      conditions: unknown
      isFallback?: boolean
      planId: number | null
    },
  ): Promise<number> {
    const now = this.now()
    const row = await db
      .insertInto('lead_types')
      .values({
        category_id: t.categoryId,
        name: t.name,
        priority: t.priority,
        conditions: t.conditions === null ? null : JSON.stringify(t.conditions),
        is_fallback: t.isFallback ? 1 : 0,
        plan_id: t.planId,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id
  }

  async source(
    db: Executor,
    s: {
      name: string
      apiKeyHash: string
      apiKeyHint: string
      defaultCategoryId: number | null
      costPerLeadCents: number
    },
  ): Promise<number> {
    const row = await db
      .insertInto('sources')
      .values({
        name: s.name,
        api_key_hash: s.apiKeyHash,
        api_key_hint: s.apiKeyHint,
        default_category_id: s.defaultCategoryId,
        cost_per_lead_cents: s.costPerLeadCents,
        created_at: this.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id
  }

  async customer(
    db: Executor,
    c: {
      name: string
      email: string
      company: string
      delivery: unknown
      lowBalanceCents: number
      active?: boolean
    },
  ): Promise<number> {
    const row = await db
      .insertInto('customers')
      .values({
        name: c.name,
        email: c.email,
        company: c.company,
        delivery: JSON.stringify(c.delivery),
        low_balance_cents: c.lowBalanceCents,
        active: c.active === false ? 0 : 1,
        created_at: this.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id
  }

  /**
   * A customer's opening deposit, by no user and with no audit line: the ledger row and the
   * balance move together, as every wallet posting does.
   */
  async openingDeposit(db: Executor, customerId: number, cents: number, reason: string): Promise<number> {
    const row = await db
      .insertInto('wallet_transactions')
      .values({
        customer_id: customerId,
        kind: 'deposit',
        amount_cents: cents,
        lead_id: null,
        user_id: null,
        reason,
        created_at: this.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await db
      .updateTable('customers')
      .set((eb) => ({ balance_cents: eb('balance_cents', '+', cents) }))
      .where('id', '=', customerId)
      .execute()
    return row.id
  }

  async bid(
    db: Executor,
    b: {
      customerId: number
      leadTypeId: number
      priceCents: number
      scope?: unknown
      filters?: unknown
      capDay?: number | null
      capWeek?: number | null
      capMonth?: number | null
      budgetDayCents?: number | null
      budgetMonthCents?: number | null
      schedule?: unknown
      priority?: number
      active?: boolean
    },
  ): Promise<number> {
    const now = this.now()
    const row = await db
      .insertInto('bids')
      .values({
        customer_id: b.customerId,
        lead_type_id: b.leadTypeId,
        price_cents: b.priceCents,
        scope: JSON.stringify(b.scope ?? { kind: 'nationwide', values: [] }),
        filters: b.filters === undefined ? null : JSON.stringify(b.filters),
        cap_day: b.capDay ?? null,
        cap_week: b.capWeek ?? null,
        cap_month: b.capMonth ?? null,
        budget_day_cents: b.budgetDayCents ?? null,
        budget_month_cents: b.budgetMonthCents ?? null,
        schedule: b.schedule === undefined ? null : JSON.stringify(b.schedule),
        priority: b.priority ?? 0,
        active: b.active === false ? 0 : 1,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id
  }

  async partner(
    db: Executor,
    p: {
      name: string
      pingUrl: string | null
      postUrl: string
      /** The older field list and renames, read as its equivalent template; or a request template. */
      mapping?: unknown
      request?: unknown
      response: unknown
      timeoutMs: number
      minPriceCents: number
    },
  ): Promise<number> {
    const row = await db
      .insertInto('partners')
      .values({
        name: p.name,
        ping_url: p.pingUrl,
        post_url: p.postUrl,
        mapping: JSON.stringify(p.mapping ?? {}),
        request: p.request === undefined ? null : JSON.stringify(p.request),
        response: JSON.stringify(p.response),
        timeout_ms: p.timeoutMs,
        min_price_cents: p.minPriceCents,
        created_at: this.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id
  }

  async setPartnerUrls(db: Executor, id: number, pingUrl: string | null, postUrl: string): Promise<void> {
    await db.updateTable('partners').set({ ping_url: pingUrl, post_url: postUrl }).where('id', '=', id).execute()
  }

  async buyOrder(
    db: Executor,
    o: { customerId: number; leadTypeId: number; maxPriceCents: number; filters?: unknown },
  ): Promise<number> {
    const row = await db
      .insertInto('buy_orders')
      .values({
        customer_id: o.customerId,
        lead_type_id: o.leadTypeId,
        max_price_cents: o.maxPriceCents,
        filters: o.filters === undefined ? null : JSON.stringify(o.filters),
        created_at: this.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id
  }

  async setting(db: Executor, key: string, value: unknown): Promise<void> {
    const text = JSON.stringify(value)
    await db
      .insertInto('settings')
      .values({ key, value: text })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: text }))
      .execute()
  }

  async settingOf<T>(db: Executor, key: string, fallback: T): Promise<T> {
    const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst()
    return parseJson(row?.value, fallback)
  }

  // What the demo run reads back while it builds the workspace.

  /** Leads the engine has processed since `start` (what a subscription threshold counts). */
  async processedSince(db: Executor, start: number): Promise<number> {
    const row = await db
      .selectFrom('leads')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('processed_at', '>=', start)
      .executeTakeFirstOrThrow()
    return Number(row.n)
  }

  async userByEmail(db: Executor, email: string): Promise<{ id: number; name: string } | undefined> {
    return db.selectFrom('users').select(['id', 'name']).where('email', '=', email).executeTakeFirst()
  }

  async assignedLeadIds(db: Executor): Promise<number[]> {
    const rows = await db.selectFrom('leads').select('id').where('status', '=', 'Assigned').orderBy('id').execute()
    return rows.map((r) => r.id)
  }

  async statusCounts(db: Executor): Promise<{ status: string; n: number }[]> {
    const rows = await db
      .selectFrom('leads')
      .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .orderBy('n', 'desc')
      .execute()
    return rows.map((r) => ({ status: r.status, n: Number(r.n) }))
  }

  /**
   * A wallet ledger that refuses charges until `endLedgerOutage` (the demo's short outage). A
   * temporary trigger lives on this connection only; demo workspaces are SQLite files.
   */
  async startLedgerOutage(db: Executor): Promise<void> {
    await sql`CREATE TEMP TRIGGER demo_ledger_outage BEFORE INSERT ON main.wallet_transactions
          WHEN new.kind = 'charge' BEGIN SELECT RAISE(ABORT, 'wallet ledger unavailable'); END`.execute(db)
  }

  async endLedgerOutage(db: Executor): Promise<void> {
    await sql`DROP TRIGGER temp.demo_ledger_outage`.execute(db)
  }
}
