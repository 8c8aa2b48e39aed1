import type { ClientStatus, Presence } from './client'

/** Push events from the main process to the renderer, the second typed map of the contract. */
export interface PushEvents {
  /** Long work reports here: imports, exports, bulk reprocessing. */
  progress: { job: string; label: string; done: number; total: number; finished?: boolean }
  /** Something changed that open screens may want to refetch. */
  changed: { areas: string[] }
  /** The connection to the team server, the offline cache or the outbox changed (client mode only). */
  client: ClientStatus
  /** An operator opened or left a lead (see `presence/set`). */
  presence: Presence
  /** A desktop menu item that needs the window (File → Connect to Team Server…). */
  menu: { action: 'connectToServer' }
}

export type PushEventName = keyof PushEvents
