import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import type { LeadStatus } from '../../shared/domain/lead'
import { ConfigSeedRepository } from '../db/repositories/distribution/seed'
import { SettingsRepository } from '../db/repositories/settings'
import { billingPeriod } from '../engine/periods'
import { createApp } from '../host/app'
import type { Clock } from '../services/deps'
import { seedConfig } from './config'
import { startDemoPartner } from './partner'
import { DEMO_PARTNERS_KEY } from './served-partners'
import { type CategorySlug, details, person } from './people'
import { SeededRandom } from './random'

const DAY = 86_400_000

/** A clock the demo moves forward lead by lead, so leads spread over the last 30 days. */
class DemoClock implements Clock {
  constructor(public current: number) {}
  now(): number {
    return this.current
  }
}

export interface DemoResult {
  workspace: string
  users: { email: string; password: string; role: string }[]
  sources: { name: string; api_key: string; category: string }[]
  categories: string[]
  sample_leads: Record<string, Record<string, unknown>>
}

/**
 * Builds a demo workspace and sends `leads` leads through the real pipeline. The mix is chosen so
 * that every status shows up: repeats (Duplicate), test-looking leads (Audit), solar leads that fit
 * no type (Uncategorized), capped and underfunded bids (Unassigned), a partner (Posted), auctions
 * (Marketplace), returns, a short wallet outage (Distribution Error), leads stored for later
 * (Pending) and a threshold reached at the end (Withheld).
 */
export async function runDemo(options: {
  workspace: string
  leads: number
  seed?: number
  log?: (line: string) => void
}): Promise<DemoResult> {
  const log = options.log ?? (() => undefined)
  const workspace = resolve(options.workspace)
  if (existsSync(workspace)) throw new Error(`${workspace} already exists; choose a new file for the demo workspace`)
  const rng = new SeededRandom(options.seed ?? 20260105)
  const end = Date.now()
  const clock = new DemoClock(end - 30 * DAY)
  const app = await createApp({ workspace, clock, random: { next: () => rng.next() } })
  const partner = await startDemoPartner(new SeededRandom(7))
  try {
    const { services } = app
    const config = await seedConfig(services, rng)
    const seed = new ConfigSeedRepository(services.deps.store, () => clock.now())
    seed.setPartnerUrls(config.livePartnerId, `${partner.url}/ping`, `${partner.url}/post`)
    services.deps.events.emit('changed', { areas: ['settings'] })

    const total = options.leads
    const step = Math.floor((30 * DAY - 2 * 3_600_000) / Math.max(total, 1))
    const sent: Record<string, unknown>[] = []
    const counts: Partial<Record<LeadStatus, number>> = {}
    let rejected = 0
    const outageFrom = Math.floor(total * 0.6)
    const outageMax = outageFrom + Math.max(5, Math.floor(total / 20))
    let outage = false
    const thresholdAt = Math.floor(total * 0.98)
    const sqlite = services.deps.store.sqlite

    for (let i = 0; i < total; i++) {
      clock.current = Math.min(end, clock.current + Math.floor(step * 0.75) + rng.int(0, Math.floor(step / 2)))
      const slug: CategorySlug = rng.chance(0.5) ? 'auto' : rng.chance(0.6) ? 'home' : 'solar'
      const sources = config.sources.filter((s) => s.category === slug)
      // The broker (always audited) sends a small share of home leads.
      const source =
        (slug === 'home' && rng.chance(0.85) ? sources[0] : sources[rng.int(0, sources.length - 1)]) ??
        config.sources[0]
      let fields: Record<string, unknown> = { ...person(rng, i + 1), ...details(rng, slug) }
      const earlier = sent.length > 0 ? sent[rng.int(Math.max(0, sent.length - 300), sent.length - 1)] : undefined
      // Some people ask twice within the window.
      if (earlier && rng.chance(0.05) && (earlier.vehicles !== undefined) === (slug === 'auto')) {
        fields = { ...fields, email: earlier.email, phone: earlier.phone, address: earlier.address }
      }
      if (rng.chance(0.01)) fields.email = `test.${i}@example.com`
      if (i === outageFrom) {
        outage = true
        // A wallet ledger that refuses writes for a moment (temporary: this connection only).
        sqlite.exec(`CREATE TEMP TRIGGER demo_ledger_outage BEFORE INSERT ON main.wallet_transactions
          WHEN new.kind = 'charge' BEGIN SELECT RAISE(ABORT, 'wallet ledger unavailable'); END`)
      }
      // The outage ends once it has hit a few charges (or after a while).
      if (outage && ((counts['Distribution Error'] ?? 0) >= 3 || i >= outageMax)) {
        sqlite.exec('DROP TRIGGER temp.demo_ledger_outage')
        outage = false
      }
      if (i === thresholdAt) {
        // The plan's allowance runs out near the end of the period: the rest are Withheld.
        const period = billingPeriod(clock.now(), 1)
        const used = sqlite.prepare('SELECT COUNT(*) AS n FROM leads WHERE processed_at >= ?').get(period.start) as {
          n: number
        }
        seed.setting('subscription', { threshold: used.n, periodStartDay: 1 })
        services.deps.events.emit('changed', { areas: ['settings'] })
      }
      try {
        const r = await services.distribution.ingest({
          sourceId: source?.id ?? null,
          categorySlug: slug,
          fields,
          distribute: !rng.chance(0.01),
        })
        counts[r.status] = (counts[r.status] ?? 0) + 1
        sent.push(fields)
      } catch {
        rejected++
      }
      if (i % 100 === 99) {
        // Auctions settle as time passes; the last days' listings are left open for the operator.
        if (i < total * 0.9) await services.auctions.tick(clock.now())
        log(`${i + 1}/${total} leads`)
      }
    }

    // Customers send some leads back.
    const admin = sqlite.prepare(`SELECT id, name FROM users WHERE email = 'admin@leadline.test'`).get() as {
      id: number
      name: string
    }
    const assigned = sqlite.prepare(`SELECT id FROM leads WHERE status = 'Assigned' ORDER BY id`).all() as {
      id: number
    }[]
    const reasons = [
      'Wrong number',
      'Customer says they never asked',
      'Outside our service area',
      'Duplicate in our CRM',
    ]
    for (const { id } of assigned) {
      if (rng.chance(0.04)) await services.distribution.returnLead(id, admin, rng.pick(reasons))
    }

    // The partner started for this run stops with it; whoever opens the workspace serves it again.
    seed.setPartnerUrls(config.livePartnerId, 'http://127.0.0.1:47999/ping', 'http://127.0.0.1:47999/post')
    new SettingsRepository(services.deps.store).set(DEMO_PARTNERS_KEY, [config.livePartnerId])
    services.deps.events.emit('changed', { areas: ['settings'] })
    const final = sqlite.prepare('SELECT status, COUNT(*) AS n FROM leads GROUP BY status ORDER BY n DESC').all() as {
      status: string
      n: number
    }[]
    log(
      `Leads by status: ${final.map((r) => `${r.status} ${r.n}`).join(', ')}${rejected ? `; ${rejected} rejected` : ''}`,
    )

    const sample = (slug: CategorySlug, n: number): Record<string, unknown> => ({
      ...person(new SeededRandom(n), 900_000 + n),
      state: 'CA',
      zip: '94103',
      ...details(new SeededRandom(n), slug),
    })
    return {
      workspace,
      users: config.users,
      sources: config.sources.map((s) => ({ name: s.name, api_key: s.apiKey, category: s.category })),
      categories: ['auto', 'home', 'solar'],
      sample_leads: {
        auto: { ...sample('auto', 1), vehicles: 2 },
        home: { ...sample('home', 2), owner: true },
        solar: { ...sample('solar', 3), homeowner: true, monthly_bill: 240 },
      },
    }
  } finally {
    await partner.close()
    await app.close()
  }
}
