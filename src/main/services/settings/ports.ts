import type { Executor } from '../../db/executor'
import type { Actor } from '../deps'

/**
 * What the settings screens use of other services, with the signatures of the async data layer:
 * every call runs in the settings write's unit of work `db`.
 */
export interface WalletMoves {
  deposit(db: Executor, actor: Actor, customerId: number, cents: number, reason: string | null): Promise<number>
  adjust(db: Executor, actor: Actor, customerId: number, cents: number, reason: string): Promise<number>
}

export interface UserRows {
  createUserRow(db: Executor, name: string, email: string, role: string, passwordHash: string): Promise<number>
}

export interface SettingValues {
  get<T>(db: Executor, key: string, fallback: T): Promise<T>
  set(db: Executor, key: string, value: unknown): Promise<void>
}
