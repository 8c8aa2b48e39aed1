import { handlers } from '../api/handlers'
import { createDispatcher, type Dispatch } from '../api/dispatcher'
import { openWorkspace } from '../db/open'
import { type Clock, type Ids, mathRandom, randomIds, type Random, systemClock } from '../services/deps'
import { EventBus } from './events'
import { createServices, type Services } from './services'

export interface AppOptions {
  workspace: string
  nativeBinding?: string
  clock?: Clock
  ids?: Ids
  random?: Random
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
  const events = new EventBus()
  const services = createServices({
    store: opened.store,
    clock,
    ids: options.ids ?? randomIds,
    random: options.random ?? mathRandom,
    events,
  })
  services.auth.ensureRoles()
  const dispatch = createDispatcher(handlers, services)
  return {
    workspace: opened.path,
    backupPath: opened.backupPath,
    services,
    events,
    dispatch,
    close: async () => {
      opened.close()
    },
  }
}
