import { ConfigSeedRepository } from '../db/repositories/distribution/seed'
import { StoreSettingsRepository } from '../db/repositories/settings'
import type { Store } from '../db/store'
import { startDemoPartner } from './partner'
import { SeededRandom } from './random'
import type { EventBus } from '../host/events'

/** Settings key: the partners of a demo workspace that the app answers for itself. */
export const DEMO_PARTNERS_KEY = 'demo.servedPartners'

/**
 * A demo workspace's partners are stand-ins with no real buyer behind them. Whoever opens the
 * workspace (desktop or browser host) answers their pings and posts on a local port, and points
 * them there, so the demo's ping/post works on any machine, whichever port is free. Workspaces
 * that are not demos name no such partner and nothing is started.
 */
export async function serveDemoPartners(store: Store, events: EventBus): Promise<{ close(): Promise<void> } | null> {
  const ids = new StoreSettingsRepository(store).get<number[]>(DEMO_PARTNERS_KEY, [])
  if (!Array.isArray(ids) || ids.length === 0) return null
  const partner = await startDemoPartner(new SeededRandom(Date.now() % 2_147_483_647))
  const partners = new ConfigSeedRepository(store, () => Date.now())
  store.transaction(() => {
    for (const id of ids) partners.setPartnerUrls(id, `${partner.url}/ping`, `${partner.url}/post`)
  })
  // The engine keeps partners in memory: it reloads them.
  events.emit('changed', { areas: ['settings'] })
  return partner
}
