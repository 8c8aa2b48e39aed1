import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Dialect } from '../db/dialect'
import type { DB } from '../db/schema'
import type { EventBus } from '../host/events'

/** Time, ids and chance are injected so that tests and the engine are deterministic. */
export interface Clock {
  now(): number
}
export interface Ids {
  uuid(): string
}
export interface Random {
  /** A number in [0, 1). */
  next(): number
}

export const systemClock: Clock = { now: () => Date.now() }
export const randomIds: Ids = { uuid: () => randomUUID() }
export const mathRandom: Random = { next: () => Math.random() }

export interface Deps {
  /** The workspace's database; services open transactions on it and pass them down. */
  db: Kysely<DB>
  dialect: Dialect
  clock: Clock
  ids: Ids
  random: Random
  events: EventBus
}

/** Who is acting, for the audit log. Null actor = the system itself. */
export interface Actor {
  id: number
  name: string
}
