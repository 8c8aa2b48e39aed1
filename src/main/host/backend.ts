import { createReadStream, statSync } from 'node:fs'
import type { Readable } from 'node:stream'
import type { Dispatch } from '../api/dispatcher'
import type { PushEventName, PushEvents } from '../../shared/api/events'
import type { LeadlineApp } from './app'

export type PushListener = <E extends PushEventName>(event: E, payload: PushEvents[E]) => void

/** A file the host streams once to whoever holds its link. */
export interface Download {
  fileName: string
  stream: Readable
  size: number | null
}

/**
 * What the browser host serves, whoever does the work: the workspace opened in this process
 * (`localBackend`) or a team server this process is a client of (`RemoteWorkspace`). The host
 * keeps the HTTP rules (names, origin, limits); the backend answers calls, sessions and events.
 */
export interface HostBackend {
  dispatch: Dispatch
  /** Whether the token names a live session here (the body limit and `/events` depend on it). */
  signedIn(token: string | null): Promise<boolean>
  health(): Promise<{ ok: boolean }>
  subscribe(listener: PushListener): () => void
  download(id: string, token: string): Promise<Download | null>
}

export function isBackend(value: LeadlineApp | HostBackend): value is HostBackend {
  return !('services' in value)
}

/** The workspace of this process as a backend: calls go to its dispatcher, events to its bus. */
export function localBackend(app: LeadlineApp): HostBackend {
  return {
    dispatch: app.dispatch,
    signedIn: async (token) => (await app.services.auth.userForToken(token)) !== null,
    health: () => app.health(),
    subscribe: (listener) => app.events.subscribe(listener),
    download: async (id, token) => {
      const taken = app.services.files.take(id, token)
      if (!taken) return null
      const stream = createReadStream(taken.path)
      stream.on('close', taken.done)
      return { fileName: taken.fileName, stream, size: statSync(taken.path).size }
    },
  }
}
