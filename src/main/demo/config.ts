import { ConfigSeedRepository } from '../db/repositories/distribution/seed'
import type { Services } from '../host/services'
import { apiKeyHint, hashApiKey, newApiKey } from '../services/api-keys'
import { hashPassword } from '../services/passwords'
import type { CategorySlug } from './people'
import type { SeededRandom } from './random'
import { PARTNER_PRESETS } from '../../shared/domain/template'

/** Addresses no one listens on; only stages after bidding point here, and they fail fast. */
const OFFLINE = 'http://127.0.0.1:47999'

const all = (...conditions: unknown[]) => ({ match: 'all', conditions })
const any = (...conditions: unknown[]) => ({ match: 'any', conditions })

export interface DemoConfig {
  categories: Record<CategorySlug, number>
  sources: { id: number; name: string; apiKey: string; category: CategorySlug }[]
  users: { email: string; password: string; role: string }[]
  customers: number[]
  /** The partner that takes posts during the run (its address is set once the local buyer listens). */
  livePartnerId: number
}

type FieldSpec = [
  key: string,
  label: string,
  type: string,
  opts?: { required?: boolean; ping?: boolean; deliverable?: boolean; validation?: unknown },
]

const CONTACT: FieldSpec[] = [
  ['first_name', 'First name', 'text', { required: true }],
  ['last_name', 'Last name', 'text', { required: true }],
  ['email', 'Email', 'email', { required: true }],
  ['phone', 'Phone', 'phone', { required: true }],
  ['address', 'Address', 'text'],
  ['city', 'City', 'text'],
  ['county', 'County', 'text'],
  ['state', 'State', 'text', { required: true, ping: true, validation: { pattern: '[A-Z]{2}' } }],
  ['zip', 'Zip', 'zip', { required: true, ping: true }],
]

const CUSTOM: Record<CategorySlug, FieldSpec[]> = {
  auto: [
    ['vehicles', 'Vehicles', 'number', { required: true, ping: true, validation: { min: 1, max: 10 } }],
    ['current_insurer', 'Current insurer', 'text'],
    [
      'credit_rating',
      'Credit rating',
      'choice',
      { ping: true, validation: { choices: ['Excellent', 'Good', 'Fair', 'Poor'] } },
    ],
    ['date_of_birth', 'Date of birth', 'date', { deliverable: false }],
    ['tracking_id', 'Tracking id', 'text', { deliverable: false }],
  ],
  home: [
    ['home_value', 'Home value', 'number', { required: true, ping: true, validation: { min: 10_000 } }],
    ['year_built', 'Year built', 'number', { validation: { min: 1800, max: 2030 } }],
    ['roof_type', 'Roof type', 'choice', { validation: { choices: ['Shingle', 'Tile', 'Metal', 'Flat'] } }],
    ['owner', 'Owner occupied', 'boolean', { ping: true }],
    ['internal_score', 'Internal score', 'number', { deliverable: false }],
  ],
  solar: [
    ['monthly_bill', 'Monthly electric bill', 'number', { required: true, ping: true, validation: { min: 0 } }],
    ['roof_shade', 'Roof shade', 'choice', { validation: { choices: ['None', 'Partial', 'Full'] } }],
    ['homeowner', 'Homeowner', 'boolean', { required: true, ping: true }],
    ['utility', 'Utility', 'text', { deliverable: false }],
  ],
}

/** The demo workspace's configuration: categories, types, plans, partners, sources, customers, bids, users. */
export async function seedConfig(services: Services, rng: SeededRandom): Promise<DemoConfig> {
  const now = () => services.deps.clock.now()
  const seed = new ConfigSeedRepository(services.deps.store, now)
  const store = services.deps.store

  const users = [
    { name: 'Avery Admin', email: 'admin@leadline.test', password: 'admin-demo-1', role: 'Admin' },
    { name: 'Morgan Manager', email: 'manager@leadline.test', password: 'manager-demo-1', role: 'Manager' },
    { name: 'Olive Operator', email: 'operator@leadline.test', password: 'operator-demo-1', role: 'Operator' },
    { name: 'Victor Viewer', email: 'viewer@leadline.test', password: 'viewer-demo-1', role: 'Viewer' },
  ]
  const hashes = await Promise.all(users.map((u) => hashPassword(u.password)))

  return store.transaction(() => {
    users.forEach((u, i) => services.auth.createUserRow(u.name, u.email, u.role, hashes[i] ?? ''))

    const partnerResponse = {
      format: 'json',
      acceptedPath: 'accepted',
      pricePath: 'price',
      referencePath: 'id',
      priceUnit: 'dollars',
    }
    const livePartnerId = seed.partner({
      name: 'Coastal Lead Exchange',
      pingUrl: `${OFFLINE}/ping`,
      postUrl: `${OFFLINE}/post`,
      mapping: {
        pingFields: ['state', 'zip', 'vehicles', 'credit_rating', 'home_value', 'owner', 'monthly_bill', 'homeowner'],
        rename: { zip: 'postal_code' },
      },
      response: partnerResponse,
      timeoutMs: 500,
      minPriceCents: 300,
    })
    const offlinePartner = seed.partner({
      name: 'Prairie Direct (offline)',
      pingUrl: `${OFFLINE}/ping`,
      postUrl: `${OFFLINE}/post`,
      // A buyer that takes form posts, from the "Generic form POST" preset.
      request: PARTNER_PRESETS.find((p) => p.id === 'generic-form')?.request,
      response: { format: 'regex', acceptedPattern: 'ACCEPTED', pricePattern: 'PRICE=(\\d+\\.\\d+)' },
      timeoutMs: 300,
      minPriceCents: 500,
    })

    const market = (directPostPartnerId: number | null, intervalMinutes: number) => ({
      kind: 'marketplace',
      startPriceCents: 2500,
      floorPriceCents: 500,
      decrementCents: 250,
      intervalMinutes,
      directPostPartnerId,
    })
    const plans = {
      bidOnly: seed.plan('Bidding only', [{ kind: 'bidding' }]),
      bidPing: seed.plan('Bidding, then ping/post', [
        { kind: 'bidding' },
        { kind: 'pingpost', partnerIds: [livePartnerId, offlinePartner] },
      ]),
      bidMarket: seed.plan('Bidding, then marketplace', [{ kind: 'bidding' }, market(livePartnerId, 60)]),
      full: seed.plan('Bidding, ping/post, marketplace', [
        { kind: 'bidding' },
        { kind: 'pingpost', partnerIds: [livePartnerId] },
        market(null, 240),
      ]),
    }

    const categories = {
      auto: seed.category({
        slug: 'auto',
        name: 'Auto insurance',
        matchConditions: all({ field: 'vehicles', op: 'not_empty' }),
        duplicateRule: { keys: ['email', 'phone'], days: 30 },
        auditRule: {
          conditions: any(
            { field: 'email', op: 'contains', value: 'test' },
            { field: 'last_name', op: 'equals', value: 'Fake' },
          ),
          sourceIds: [],
          samplePercent: 2,
        },
        defaultPlanId: plans.bidMarket,
      }),
      home: seed.category({
        slug: 'home',
        name: 'Home insurance',
        matchConditions: all({ field: 'home_value', op: 'not_empty' }),
        duplicateRule: { keys: ['phone'], days: 14 },
        auditRule: {
          conditions: all({ field: 'home_value', op: 'gt', value: 1_400_000 }),
          sourceIds: [],
          samplePercent: 0,
        },
        defaultPlanId: plans.full,
      }),
      solar: seed.category({
        slug: 'solar',
        name: 'Solar installation',
        matchConditions: all({ field: 'monthly_bill', op: 'not_empty' }),
        duplicateRule: { keys: ['email', 'phone', 'address'], days: 60 },
        auditRule: { conditions: null, sourceIds: [], samplePercent: 1 },
        defaultPlanId: plans.bidPing,
      }),
    }
    for (const [slug, id] of Object.entries(categories) as [CategorySlug, number][]) {
      ;[...CONTACT, ...CUSTOM[slug]].forEach(([key, label, type, opts], position) =>
        seed.field({
          categoryId: id,
          key,
          label,
          type,
          required: opts?.required,
          requiredForPing: opts?.ping,
          deliverable: opts?.deliverable,
          standard: CONTACT.some((c) => c[0] === key),
          validation: opts?.validation,
          position,
        }),
      )
    }

    const types = {
      autoCaMulti: seed.leadType({
        categoryId: categories.auto,
        name: 'Auto – CA – 2+ cars',
        priority: 1,
        conditions: all({ field: 'state', op: 'equals', value: 'CA' }, { field: 'vehicles', op: 'gt', value: 1 }),
        planId: plans.bidPing,
      }),
      autoPrime: seed.leadType({
        categoryId: categories.auto,
        name: 'Auto – good credit',
        priority: 2,
        conditions: all({ field: 'credit_rating', op: 'in', value: ['Excellent', 'Good'] }),
        planId: plans.bidOnly,
      }),
      autoStandard: seed.leadType({
        categoryId: categories.auto,
        name: 'Auto – standard',
        priority: 3,
        conditions: null,
        isFallback: true,
        planId: null,
      }),
      homeHigh: seed.leadType({
        categoryId: categories.home,
        name: 'Home – high value',
        priority: 1,
        conditions: all({ field: 'home_value', op: 'gt', value: 750_000 }),
        planId: null,
      }),
      homeOwner: seed.leadType({
        categoryId: categories.home,
        name: 'Home – owner occupied',
        priority: 2,
        conditions: all({ field: 'owner', op: 'equals', value: 'true' }),
        planId: null,
      }),
      homeOther: seed.leadType({
        categoryId: categories.home,
        name: 'Home – other',
        priority: 3,
        conditions: null,
        isFallback: true,
        planId: plans.bidMarket,
      }),
      // Solar has no fallback: leads matching neither type are Uncategorized.
      solarSunbelt: seed.leadType({
        categoryId: categories.solar,
        name: 'Solar – sunbelt owners',
        priority: 1,
        conditions: all(
          { field: 'state', op: 'in', value: ['CA', 'AZ', 'TX', 'FL', 'NV'] },
          { field: 'homeowner', op: 'equals', value: 'true' },
        ),
        planId: null,
      }),
      solarHighBill: seed.leadType({
        categoryId: categories.solar,
        name: 'Solar – high bill',
        priority: 2,
        conditions: all(
          { field: 'homeowner', op: 'equals', value: 'true' },
          { field: 'monthly_bill', op: 'gt', value: 200 },
        ),
        planId: null,
      }),
    }

    const sourceSpecs: [string, CategorySlug, number][] = [
      ['Sunrise Web Forms', 'auto', 400],
      ['Northwind Call Center', 'auto', 650],
      ['Harbor Media', 'home', 500],
      ['Lead Broker X', 'home', 300],
      ['Brightpath Affiliates', 'solar', 900],
    ]
    const sources = sourceSpecs.map(([name, category, cost]) => {
      const apiKey = newApiKey()
      const id = seed.source({
        name,
        apiKeyHash: hashApiKey(apiKey),
        apiKeyHint: apiKeyHint(apiKey),
        defaultCategoryId: categories[category],
        costPerLeadCents: cost,
      })
      return { id, name, apiKey, category }
    })
    // Everything from the broker is checked by hand first.
    const broker = sources[3]
    if (broker) {
      store.run(
        store.q
          .updateTable('categories')
          .set({
            audit_rule: JSON.stringify({
              conditions: all({ field: 'home_value', op: 'gt', value: 1_400_000 }),
              sourceIds: [broker.id],
              samplePercent: 0,
            }),
          })
          .where('id', '=', categories.home),
      )
    }

    const companies = [
      'Allied Auto Agency',
      'Beacon Insurance Group',
      'Cardinal Coverage',
      'Delta Home Shield',
      'Evergreen Solar Co',
      'Frontier Brokers',
      'Golden State Agents',
      'Harborline Insurance',
      'Ironwood Energy',
      'Juniper Quotes',
      'Keystone Leads',
      'Lakeside Mutual Agents',
    ]
    const customers = companies.map((company, i) => {
      const id = seed.customer({
        name: company,
        email: `buying@${company.toLowerCase().replace(/[^a-z]+/g, '')}.example.com`,
        company,
        delivery: { method: 'none' },
        lowBalanceCents: 5_000,
        // One customer paused its account.
        active: i !== 11,
      })
      // Two customers run nearly dry: their wallets show in the trace as the reason they lose.
      const deposit = i === 9 ? 1_000 : i === 10 ? 4_000 : rng.int(15, 60) * 10_000
      void services.wallets.repo.post(services.deps.db, {
        customerId: id,
        kind: 'deposit',
        amountCents: deposit,
        leadId: null,
        userId: null,
        reason: 'Opening deposit',
        createdAt: now(),
      })
      return id
    })
    const c = (i: number): number => customers[i] ?? 0
    const weekdays = { timezone: 'America/New_York', days: [1, 2, 3, 4, 5], start: '08:00', end: '20:00' }
    const bids: Parameters<ConfigSeedRepository['bid']>[0][] = [
      {
        customerId: c(0),
        leadTypeId: types.autoCaMulti,
        priceCents: 3200,
        capDay: 25,
        schedule: { timezone: 'America/Los_Angeles', days: [0, 1, 2, 3, 4, 5, 6], start: '06:00', end: '22:00' },
      },
      { customerId: c(1), leadTypeId: types.autoCaMulti, priceCents: 3200, capDay: 20, priority: 1 },
      {
        customerId: c(6),
        leadTypeId: types.autoCaMulti,
        priceCents: 2800,
        scope: { kind: 'county', values: ['Los Angeles', 'San Diego'] },
      },
      { customerId: c(1), leadTypeId: types.autoPrime, priceCents: 2200, capDay: 6, budgetDayCents: 12_000 },
      {
        customerId: c(5),
        leadTypeId: types.autoPrime,
        priceCents: 2000,
        capWeek: 30,
        filters: all({ field: 'vehicles', op: 'lt', value: 4 }),
      },
      { customerId: c(9), leadTypeId: types.autoPrime, priceCents: 2600 },
      { customerId: c(0), leadTypeId: types.autoStandard, priceCents: 1200, capDay: 8, schedule: weekdays },
      { customerId: c(10), leadTypeId: types.autoStandard, priceCents: 1500, capMonth: 60 },
      { customerId: c(11), leadTypeId: types.autoStandard, priceCents: 1800 },
      {
        customerId: c(3),
        leadTypeId: types.homeHigh,
        priceCents: 4500,
        scope: { kind: 'state', values: ['NY', 'MA', 'IL'] },
        capDay: 10,
      },
      { customerId: c(7), leadTypeId: types.homeHigh, priceCents: 4000, budgetMonthCents: 200_000 },
      {
        customerId: c(3),
        leadTypeId: types.homeOwner,
        priceCents: 1900,
        capDay: 12,
        filters: all({ field: 'year_built', op: 'gt', value: 1960 }),
      },
      {
        customerId: c(7),
        leadTypeId: types.homeOwner,
        priceCents: 1700,
        scope: { kind: 'zip', values: ['10001', '11201', '60601', '02108', '98101'] },
      },
      { customerId: c(11), leadTypeId: types.homeOther, priceCents: 900 },
      {
        customerId: c(4),
        leadTypeId: types.solarSunbelt,
        priceCents: 5500,
        capDay: 8,
        scope: { kind: 'state', values: ['CA', 'AZ', 'NV'] },
      },
      { customerId: c(8), leadTypeId: types.solarSunbelt, priceCents: 5000, capWeek: 35, schedule: weekdays },
      {
        customerId: c(8),
        leadTypeId: types.solarHighBill,
        priceCents: 3500,
        capDay: 3,
        filters: all({ field: 'roof_shade', op: 'not_equals', value: 'Full' }),
      },
      { customerId: c(2), leadTypeId: types.solarHighBill, priceCents: 3000, active: false },
    ]
    for (const b of bids) seed.bid(b)
    seed.buyOrder({ customerId: c(2), leadTypeId: types.autoStandard, maxPriceCents: 1500 })
    seed.buyOrder({
      customerId: c(11),
      leadTypeId: types.homeOther,
      maxPriceCents: 1000,
      filters: all({ field: 'owner', op: 'equals', value: 'false' }),
    })

    seed.setting('subscription', { threshold: null, periodStartDay: 1 })
    seed.setting('workspace.name', 'Sunrise Leads (demo)')
    return {
      categories,
      sources,
      users: users.map((u) => ({ email: u.email, password: u.password, role: u.role })),
      customers,
      livePartnerId,
    }
  })
}
