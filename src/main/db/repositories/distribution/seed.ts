import type { Store } from '../../store'

/**
 * Inserts of configuration rows in one go, for the demo workspace and benchmarks. The settings
 * screens have their own repositories with validation and audit; this one trusts its caller.
 */
export class ConfigSeedRepository {
  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  private id(result: { lastInsertRowid: number | bigint }): number {
    return Number(result.lastInsertRowid)
  }

  plan(name: string, stages: unknown[]): number {
    const now = this.now()
    return this.id(
      this.store.run(
        this.store.q
          .insertInto('distribution_plans')
          .values({ name, stages: JSON.stringify(stages), created_at: now, updated_at: now }),
      ),
    )
  }

  category(c: {
    slug: string
    name: string
    matchConditions?: unknown
    duplicateRule: unknown
    auditRule: unknown
    defaultPlanId: number | null
  }): number {
    const now = this.now()
    return this.id(
      this.store.run(
        this.store.q.insertInto('categories').values({
          slug: c.slug,
          name: c.name,
          match_conditions: c.matchConditions === undefined ? null : JSON.stringify(c.matchConditions),
          duplicate_rule: JSON.stringify(c.duplicateRule),
          audit_rule: JSON.stringify(c.auditRule),
          default_plan_id: c.defaultPlanId,
          created_at: now,
          updated_at: now,
        }),
      ),
    )
  }

  field(f: {
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
  }): number {
    return this.id(
      this.store.run(
        this.store.q.insertInto('fields').values({
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
        }),
      ),
    )
  }

  leadType(t: {
    categoryId: number
    name: string
    priority: number
    conditions: unknown
    isFallback?: boolean
    planId: number | null
  }): number {
    const now = this.now()
    return this.id(
      this.store.run(
        this.store.q.insertInto('lead_types').values({
          category_id: t.categoryId,
          name: t.name,
          priority: t.priority,
          conditions: t.conditions === null ? null : JSON.stringify(t.conditions),
          is_fallback: t.isFallback ? 1 : 0,
          plan_id: t.planId,
          created_at: now,
          updated_at: now,
        }),
      ),
    )
  }

  source(s: {
    name: string
    apiKeyHash: string
    apiKeyHint: string
    defaultCategoryId: number | null
    costPerLeadCents: number
  }): number {
    return this.id(
      this.store.run(
        this.store.q.insertInto('sources').values({
          name: s.name,
          api_key_hash: s.apiKeyHash,
          api_key_hint: s.apiKeyHint,
          default_category_id: s.defaultCategoryId,
          cost_per_lead_cents: s.costPerLeadCents,
          created_at: this.now(),
        }),
      ),
    )
  }

  customer(c: {
    name: string
    email: string
    company: string
    delivery: unknown
    lowBalanceCents: number
    active?: boolean
  }): number {
    return this.id(
      this.store.run(
        this.store.q.insertInto('customers').values({
          name: c.name,
          email: c.email,
          company: c.company,
          delivery: JSON.stringify(c.delivery),
          low_balance_cents: c.lowBalanceCents,
          active: c.active === false ? 0 : 1,
          created_at: this.now(),
        }),
      ),
    )
  }

  bid(b: {
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
  }): number {
    const now = this.now()
    return this.id(
      this.store.run(
        this.store.q.insertInto('bids').values({
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
        }),
      ),
    )
  }

  partner(p: {
    name: string
    pingUrl: string | null
    postUrl: string
    /** The older field list and renames, read as its equivalent template; or a request template. */
    mapping?: unknown
    request?: unknown
    response: unknown
    timeoutMs: number
    minPriceCents: number
  }): number {
    return this.id(
      this.store.run(
        this.store.q.insertInto('partners').values({
          name: p.name,
          ping_url: p.pingUrl,
          post_url: p.postUrl,
          mapping: JSON.stringify(p.mapping ?? {}),
          request: p.request === undefined ? null : JSON.stringify(p.request),
          response: JSON.stringify(p.response),
          timeout_ms: p.timeoutMs,
          min_price_cents: p.minPriceCents,
          created_at: this.now(),
        }),
      ),
    )
  }

  setPartnerUrls(id: number, pingUrl: string | null, postUrl: string): void {
    this.store.run(
      this.store.q.updateTable('partners').set({ ping_url: pingUrl, post_url: postUrl }).where('id', '=', id),
    )
  }

  buyOrder(o: { customerId: number; leadTypeId: number; maxPriceCents: number; filters?: unknown }): number {
    return this.id(
      this.store.run(
        this.store.q.insertInto('buy_orders').values({
          customer_id: o.customerId,
          lead_type_id: o.leadTypeId,
          max_price_cents: o.maxPriceCents,
          filters: o.filters === undefined ? null : JSON.stringify(o.filters),
          created_at: this.now(),
        }),
      ),
    )
  }

  setting(key: string, value: unknown): void {
    const text = JSON.stringify(value)
    this.store.run(
      this.store.q
        .insertInto('settings')
        .values({ key, value: text })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: text })),
    )
  }
}
