import { handlers } from '../api/handlers'
import { createDispatcher, type Dispatch } from '../api/dispatcher'
import { startCheckpointer } from '../db/checkpointer'
import { openWorkspace } from '../db/open'
import { serveDemoPartners } from '../demo/served-partners'
import { type Clock, type Ids, mathRandom, randomIds, type Random, systemClock } from '../services/deps'
import { EventBus } from './events'
import type { Platform } from './platform'
import { createServices, type Services } from './services'

export interface AppOptions {
  workspace: string
  nativeBinding?: string
  clock?: Clock
  ids?: Ids
  random?: Random
  /** Native dialogs of the desktop shell; absent in the browser host (files become downloads). */
  platform?: Platform
  /** Checkpoint the WAL from a worker thread (default true). */
  backgroundCheckpoints?: boolean
}

/** Everything one open workspace needs, for Electron and the browser host alike. */
export interface LeadlineApp {
  workspace: string
  backupPath: string | null
  services: Services
  events: EventBus
  dispatch: Dispatch
  close(): Promise<void>
}

export async function createApp(options: AppOptions): Promise<LeadlineApp> {
  const clock = options.clock ?? systemClock
  const opened = openWorkspace({
    path: options.workspace,
    nativeBinding: options.nativeBinding,
    now: () => clock.now(),
  })
  // The WAL is checkpointed off the main thread; the main connection's own automatic checkpoint
  // is kept, with a higher limit, only as a fallback should the worker fall behind.
  const checkpointer =
    options.backgroundCheckpoints === false
      ? null
      : startCheckpointer({ path: opened.path, nativeBinding: options.nativeBinding })
  if (checkpointer) opened.store.sqlite.pragma('wal_autocheckpoint = 10000')
  const events = new EventBus()
  const services = createServices({
    store: opened.store,
    db: opened.db,
    dialect: 'sqlite',
    clock,
    ids: options.ids ?? randomIds,
    random: options.random ?? mathRandom,
    events,
  })
  services.auth.ensureRoles()
  services.files.setPlatform(options.platform ?? null)
  services.imports.setNativeBinding(options.nativeBinding)
  // Reverse auctions close at their deadline; a missed tick is caught up by the next one.
  const reverseTimer = setInterval(() => {
    try {
      services.reverseAuctions.tick()
    } catch (error) {
      console.error('[reverse auctions] tick failed', error)
    }
  }, 30_000)
  reverseTimer.unref()
  // Leads a crash left half-way are distributed again, once, before anything new arrives.
  await services.distribution.resumePending()
  // Withheld leads go out when a new billing period starts (or the threshold is raised).
  let closed = false
  const releaseWithheld = (): void => {
    if (closed) return
    void (async () => {
      if (await services.distribution.hasReleasable()) await services.distribution.releaseWithheld()
    })().catch((error: unknown) => console.error('[withheld] release failed', error))
  }
  services.distribution.config.onReload(() => setImmediate(releaseWithheld))
  const withheldTimer = setInterval(releaseWithheld, 60_000)
  withheldTimer.unref()
  // Webhook retries and marketplace prices move on timers; both settle whatever is due when they fire.
  services.delivery.start()
  services.auctions.start()
  const demoPartners = await serveDemoPartners(opened.store, events)
  const dispatch = createDispatcher(handlers, services)
  return {
    workspace: opened.path,
    backupPath: opened.backupPath,
    services,
    events,
    dispatch,
    close: async () => {
      await demoPartners?.close()
      await services.auctions.stop()
      await services.delivery.stop()
      closed = true
      clearInterval(withheldTimer)
      clearInterval(reverseTimer)
      services.imports.close()
      services.files.close()
      await checkpointer?.stop()
      opened.close()
    },
  }
}
