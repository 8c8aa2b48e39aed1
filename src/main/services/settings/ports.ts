import type { Executor } from '../../db/executor'
import type { Actor } from '../deps'
import type { WalletsService } from '../wallets'

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

/*
 * Bridges to the wallets, auth and settings-table code while those still run on the synchronous
 * store. On SQLite they use the same connection as `db`, so their statements run inside the
 * caller's transaction (their own transactions become savepoints there). Once WalletsService,
 * AuthService.createUserRow and SettingsRepository take the executor first, these three
 * functions go and the services are passed as they are.
 */

export function walletMoves(wallets: WalletsService): WalletMoves {
  return {
    deposit: async (_db, actor, customerId, cents, reason) => wallets.deposit(actor, customerId, cents, reason),
    adjust: async (_db, actor, customerId, cents, reason) => wallets.adjust(actor, customerId, cents, reason),
  }
}

