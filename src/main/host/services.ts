import { ActivityService } from '../services/activity'
import { AuditLog } from '../services/audit-log'
import { AuthService } from '../services/auth'
import type { Deps } from '../services/deps'
import { DeliveryService } from '../services/delivery'
import { LeadsService } from '../services/leads'
import { AuctionsService } from '../services/marketplace'
import { createSettingsServices, type SettingsServices } from '../services/settings'
import { WalletsService } from '../services/wallets'

/** The use cases of one open workspace. */
export interface Services {
  deps: Deps
  auditLog: AuditLog
  auth: AuthService
  leads: LeadsService
  activity: ActivityService
  wallets: WalletsService
  delivery: DeliveryService
  auctions: AuctionsService
  settings: SettingsServices
}

export function createServices(deps: Deps): Services {
  const auditLog = new AuditLog(deps)
  const auth = new AuthService(deps, auditLog)
  const leads = new LeadsService(deps, auditLog)
  const wallets = new WalletsService(deps, auditLog)
  const delivery = new DeliveryService(deps, auditLog)
  const auctions = new AuctionsService(deps, auditLog)
  const activity = new ActivityService(deps)
  const settings = createSettingsServices(deps, auditLog, auth, wallets)
  return { deps, auditLog, auth, leads, wallets, delivery, auctions, activity, settings }
}
