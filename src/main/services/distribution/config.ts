import {
  auditRuleSchema,
  type AuditRule,
  conditionGroupSchema,
  type ConditionGroup,
  duplicateRuleSchema,
  type DuplicateRule,
  FIELD_TYPES,
  fieldValidationSchema,
  scheduleSchema,
  scopeSchema,
  type Stage,
  stagesSchema,
  type Subscription,
  subscriptionSchema,
} from '../../../shared/domain/config'
import type { Kysely, Selectable } from 'kysely'
import type { Executor } from '../../db/executor'
import { parseJson } from '../../db/json'
import { inTransaction } from '../../db/transaction'
import { DistributionConfigRepository } from '../../db/repositories/distribution/config'
import type { DB, PartnersTable } from '../../db/schema'
import type { BidRule } from '../../engine/bidding'
import type { CategoryRule, LeadTypeRule } from '../../engine/classify'
import type { FieldDef } from '../../engine/types'
import type { EventBus } from '../../host/events'
import type { Serial } from './serial'
import { Usage } from './usage'
import type { z } from 'zod'

export interface LeadTypeConfig extends LeadTypeRule {
  categoryId: number
  planId: number | null
  active: boolean
  /** Bids on this type, active or not (inactive ones still show in the trace). */
  bids: BidRule[]
}

export interface CategoryConfig extends CategoryRule {
  duplicateRule: DuplicateRule
  auditRule: AuditRule
  defaultPlanId: number | null
  fields: FieldDef[]
  /** Active lead types only: an inactive type takes no leads. */
  leadTypes: LeadTypeConfig[]
}

export interface PlanConfig {
  id: number
  name: string
  stages: Stage[]
}

export interface Snapshot {
  categories: CategoryConfig[]
  categoriesById: Map<number, CategoryConfig>
  leadTypesById: Map<number, LeadTypeConfig & { categoryName: string }>
  bidsById: Map<number, BidRule>
  plans: Map<number, PlanConfig>
  /** `delivers`: the customer has a delivery method other than none (webhook). */
  customers: Map<number, { id: number; name: string; active: boolean; delivers: boolean }>
  sources: Map<number, { id: number; name: string; defaultCategoryId: number | null; active: boolean }>
  partners: Selectable<PartnersTable>[]
  subscription: Subscription
  loadedAt: number
}

const UNLIMITED: Subscription = { threshold: null, periodStartDay: 1 }

function parse<T>(schema: z.ZodType<T>, text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback
  const result = schema.safeParse(parseJson<unknown>(text, undefined))
  // A column the settings screens wrote in an older shape reads as the safe default, never a crash.
  return result.success ? result.data : fallback
}

function group(text: string | null): ConditionGroup | null {
  return parse<ConditionGroup | null>(conditionGroupSchema, text, null)
}

/**
 * The engine's in-memory copy of the workspace configuration; usage is counted in the database (`usage`). Loaded on first
 * use and again when a `changed` event names the `settings` (or `customers`) area (the settings
 * screens emit it), so a lead never waits for a configuration query. Entry points take the
 * snapshot with `current()` (which waits for a reload under way); `get()` is the synchronous read
 * for code that runs after one (it may be the previous snapshot for the moment a reload takes).
 */
export class ConfigCache {
  private snapshot: Snapshot | null = null
  /** False once a change made the snapshot out of date; `current()` then waits for the reload. */
  private fresh = false
  private generation = 0
  private loading: Promise<Snapshot> | null = null
  readonly usage = new Usage()
  private readonly lastWon = new Map<number, number>()
  private readonly repo = new DistributionConfigRepository()
  private readonly listeners: (() => void)[] = []

  constructor(
    private readonly db: Kysely<DB>,
    events: EventBus,
    private readonly now: () => number,
    private readonly serial: Serial,
  ) {
    events.subscribe((event, payload) => {
      if (event !== 'changed') return
      const areas = (payload as { areas: string[] }).areas
      // Customers (active flag, name) are part of the snapshot too.
      if (areas.includes('settings') || areas.includes('customers')) this.invalidate()
    })
  }

  /** Runs after a reload caused by a settings change (e.g. a raised threshold releases Withheld leads). */
  onReload(listener: () => void): void {
    this.listeners.push(listener)
  }

  /** The snapshot is out of date: reload it now (in the background), then tell the listeners. */
  invalidate(): void {
    const had = this.snapshot !== null
    this.fresh = false
    this.generation++
    if (!had) return
    this.current().then(
      () => {
        for (const l of this.listeners) l()
      },
      (error: unknown) => console.error('[distribution] configuration reload failed', error),
    )
  }

  /**
   * The configuration as it is now, loading it if a change made it out of date. Call it at the
   * start of a use case, never inside one of the engine's units of work (the reload runs as one).
   */
  current(): Promise<Snapshot> {
    if (this.snapshot !== null && this.fresh) return Promise.resolve(this.snapshot)
    // A reload under way may have started before the latest change: its snapshot is taken only
    // if no change came in while it ran, whoever asked first.
    const loading = this.loading ?? this.reload()
    return loading.then((snapshot) => (this.fresh ? snapshot : this.current()))
  }

  private reload(): Promise<Snapshot> {
    const generation = this.generation
    const loading = this.serial.run(async () => {
      // One transaction, so the snapshot is read as of one moment.
      const snapshot = await inTransaction(this.db, (trx) => this.load(trx))
      this.snapshot = snapshot
      // A change that came in while loading makes this snapshot out of date again.
      this.fresh = generation === this.generation
      return snapshot
    })
    this.loading = loading
    const done = (): void => {
      if (this.loading === loading) this.loading = null
    }
    loading.then(done, done)
    return loading
  }

  /**
   * Loads a snapshot at start-up for the synchronous readers (validateFields), then lets the first
   * use case load it again, as it always did: configuration written before then is seen.
   */
  async warm(): Promise<void> {
    await this.current()
    this.fresh = false
  }

  /** Resolves once no reload is under way (one a change asked for in the background included), for closing. */
  async settled(): Promise<void> {
    while (this.loading) await this.loading.catch(() => undefined)
  }

  /** The snapshot loaded last (synchronous); throws before the first `current()` has loaded one. */
  get(): Snapshot {
    if (this.snapshot === null) throw new Error('The distribution configuration is not loaded yet')
    return this.snapshot
  }

  lastWonAt(customerId: number): number {
    return this.lastWon.get(customerId) ?? 0
  }

  won(customerId: number, at: number): void {
    this.lastWon.set(customerId, Math.max(at, this.lastWon.get(customerId) ?? 0))
  }

  private async load(db: Executor): Promise<Snapshot> {
    const now = this.now()
    const rows = await this.repo.load(db)
    const wins = await this.repo.lastWins(db)
    this.lastWon.clear()
    for (const w of wins) this.lastWon.set(w.customer_id, w.at)

    const customers = new Map(
      rows.customers.map((c) => [
        c.id,
        {
          id: c.id,
          name: c.name,
          active: c.active === 1,
          delivers: parseJson<{ method?: string }>(c.delivery, {}).method !== 'none',
        },
      ]),
    )
    const bidsByType = new Map<number, BidRule[]>()
    const bidsById = new Map<number, BidRule>()
    for (const b of rows.bids) {
      const rule: BidRule = {
        id: b.id,
        customerId: b.customer_id,
        customerName: customers.get(b.customer_id)?.name ?? `Customer #${b.customer_id}`,
        leadTypeId: b.lead_type_id,
        priceCents: b.price_cents,
        scope: parse(scopeSchema, b.scope, { kind: 'nationwide', values: [] }),
        filters: group(b.filters),
        capDay: b.cap_day,
        capWeek: b.cap_week,
        capMonth: b.cap_month,
        budgetDayCents: b.budget_day_cents,
        budgetMonthCents: b.budget_month_cents,
        schedule: parse(scheduleSchema.nullable(), b.schedule, null),
        priority: b.priority,
        active: b.active === 1,
      }
      bidsById.set(rule.id, rule)
      const list = bidsByType.get(b.lead_type_id) ?? []
      list.push(rule)
      bidsByType.set(b.lead_type_id, list)
    }
    const fieldsByCategory = new Map<number, FieldDef[]>()
    for (const f of rows.fields) {
      if (!(FIELD_TYPES as readonly string[]).includes(f.type)) continue
      const list = fieldsByCategory.get(f.category_id) ?? []
      list.push({
        key: f.key,
        label: f.label,
        type: f.type as FieldDef['type'],
        required: f.required === 1,
        requiredForPing: f.required_for_ping === 1,
        deliverable: f.deliverable === 1,
        validation: parse(fieldValidationSchema, f.validation, {}),
      })
      fieldsByCategory.set(f.category_id, list)
    }
    const typesByCategory = new Map<number, LeadTypeConfig[]>()
    for (const t of rows.leadTypes) {
      const list = typesByCategory.get(t.category_id) ?? []
      list.push({
        id: t.id,
        name: t.name,
        priority: t.priority,
        isFallback: t.is_fallback === 1,
        conditions: group(t.conditions),
        categoryId: t.category_id,
        planId: t.plan_id,
        active: t.active === 1,
        bids: bidsByType.get(t.id) ?? [],
      })
      typesByCategory.set(t.category_id, list)
    }
    const categories: CategoryConfig[] = rows.categories.map((c) => ({
      id: c.id,
      slug: c.slug,
      name: c.name,
      archived: c.archived === 1,
      matchConditions: group(c.match_conditions),
      duplicateRule: parse(duplicateRuleSchema, c.duplicate_rule, { keys: ['email', 'phone'], days: 30 }),
      auditRule: parse(auditRuleSchema, c.audit_rule, { conditions: null, sourceIds: [], samplePercent: 0 }),
      defaultPlanId: c.default_plan_id,
      fields: fieldsByCategory.get(c.id) ?? [],
      leadTypes: (typesByCategory.get(c.id) ?? []).filter((t) => t.active),
    }))
    const leadTypesById = new Map<number, LeadTypeConfig & { categoryName: string }>()
    for (const c of categories) {
      for (const t of typesByCategory.get(c.id) ?? []) leadTypesById.set(t.id, { ...t, categoryName: c.name })
    }
    return {
      categories,
      categoriesById: new Map(categories.map((c) => [c.id, c])),
      leadTypesById,
      bidsById,
      plans: new Map(
        rows.plans.map((p) => [p.id, { id: p.id, name: p.name, stages: parse(stagesSchema, p.stages, []) }]),
      ),
      customers,
      sources: new Map(
        rows.sources.map((s) => [
          s.id,
          { id: s.id, name: s.name, defaultCategoryId: s.default_category_id, active: s.active === 1 },
        ]),
      ),
      partners: rows.partners,
      subscription: parse(subscriptionSchema, rows.subscription, UNLIMITED),
      loadedAt: now,
    }
  }
}
