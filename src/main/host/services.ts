import { ActivityService } from '../services/activity'
import { AuditLog } from '../services/audit-log'
import { AuthService } from '../services/auth'
import type { Deps } from '../services/deps'
import { DeliveryService } from '../services/delivery'
import { DistributionService, type Outcomes } from '../services/distribution'
import { ExportsService } from '../services/exports'
import { FileOutbox } from '../services/exports/outbox'
import { ImportsService } from '../services/imports'
import { LeadsService } from '../services/leads'
import { AuctionsService } from '../services/marketplace'
import { createSettingsServices, type SettingsServices } from '../services/settings'
import { ReverseAuctionsService } from '../services/reverse-auctions'
import { ReportsService } from '../services/reports'
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
  files: FileOutbox
  imports: ImportsService
  exports: ExportsService
  reverseAuctions: ReverseAuctionsService
  distribution: DistributionService
  outcomes: Outcomes
  reports: ReportsService
}

export function createServices(deps: Deps): Services {
  const auditLog = new AuditLog(deps)
  const auth = new AuthService(deps, auditLog)
  const leads = new LeadsService(deps, auditLog)
  const wallets = new WalletsService(deps, auditLog)
  const delivery = new DeliveryService(deps, auditLog)
  const auctions = new AuctionsService(deps, auditLog)
  const activity = new ActivityService(deps)
  const distribution = new DistributionService(deps, auditLog, wallets, {
    delivery: () => delivery,
    auctions: () => auctions,
  })
  auctions.connect(distribution.outcomes)
  const settings = createSettingsServices(deps, auditLog, auth, wallets)
  // Imports and reverse auctions reach the engine's services lazily, once the object exists.
  const self = (): object => services
  const files = new FileOutbox(deps.clock)
  const imports = new ImportsService(deps, auditLog, files, self)
  const exportsService = new ExportsService(deps, auditLog, files)
  const reverseAuctions = new ReverseAuctionsService(deps, auditLog, self)
  const services: Services = {
    deps,
    auditLog,
    auth,
    leads,
    wallets,
    delivery,
    auctions,
    activity,
    settings,
    files,
    imports,
    exports: exportsService,
    reverseAuctions,
    distribution,
    outcomes: distribution.outcomes,
    reports: new ReportsService(deps, files, auditLog),
  }
  return services
}
