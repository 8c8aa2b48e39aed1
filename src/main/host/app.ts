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
  /** Where background failures are logged (the team server's structured log); console by default. */
  logger?: { error(data: object, message: string): void }
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

/**
 * A timer's work that never overlaps itself: a run asked for while the previous one is still
 * going is skipped (the work settles whatever is due when it runs). `settled` waits for the run
 * under way, so the workspace is not closed beneath it.
 */
function overlapFree(work: () => Promise<void>): { run: () => void; settled: () => Promise<void> } {
  let running: Promise<void> | null = null
  return {
    run: () => {
      if (running) return
      running = work().finally(() => {
        running = null
      })
    },
    settled: async () => {
      await running
    },
  }
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
  await services.auth.ensureRoles()
  services.files.setPlatform(options.platform ?? null)
  services.imports.setNativeBinding(options.nativeBinding)
  let closed = false
  // Reverse auctions close at their deadline; a missed tick is caught up by the next one.
  services.reverseAuctions.start()
  // Leads a crash left half-way are distributed again, once, before anything new arrives.
  await services.distribution.resumePending()
  // Withheld leads go out when a new billing period starts (or the threshold is raised).
  const releaseWithheld = overlapFree(async () => {
    try {
      if (closed || !(await services.distribution.hasReleasable())) return
      await services.distribution.releaseWithheld()
    } catch (error) {
      console.error('[withheld] release failed', error)
    }
  })
  services.distribution.config.onReload(() => setImmediate(releaseWithheld.run))
  const withheldTimer = setInterval(releaseWithheld.run, 60_000)
  withheldTimer.unref()
  // Webhook retries and marketplace prices move on timers; both settle whatever is due when they fire.
  services.delivery.start()
  services.auctions.start()
  const demoPartners = await serveDemoPartners(opened.db, events)
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
      await services.reverseAuctions.stop()
      await releaseWithheld.settled()
      services.imports.close()
      services.files.close()
      await checkpointer?.stop()
      opened.close()
    },
  }
}
