import { SettingsRepository } from '../../db/repositories/settings'
import type { AuditLog } from '../audit-log'
import type { AuthService } from '../auth'
import type { Deps } from '../deps'
import type { WalletsService } from '../wallets'
import { BidsSettings } from './bids'
import { CategoriesSettings } from './categories'
import { ConfigContext } from './context'
import { CustomersSettings } from './customers'
import { LeadTypesSettings } from './lead-types'
import { PartnersSettings } from './partners'
import { PlansSettings } from './plans'
import { SourcesSettings } from './sources'
import { UsersSettings } from './users'
import { WorkspaceSettings } from './workspace'

/** The configuration screens' use cases, one per area. */
export interface SettingsServices {
  categories: CategoriesSettings
  leadTypes: LeadTypesSettings
  sources: SourcesSettings
  customers: CustomersSettings
  bids: BidsSettings
  partners: PartnersSettings
  plans: PlansSettings
  workspace: WorkspaceSettings
  users: UsersSettings
}

export function createSettingsServices(
  deps: Deps,
  auditLog: AuditLog,
  auth: AuthService,
  wallets: WalletsService,
): SettingsServices {
  const ctx = new ConfigContext(deps, auditLog)
  return {
    categories: new CategoriesSettings(ctx),
    leadTypes: new LeadTypesSettings(ctx),
    sources: new SourcesSettings(ctx),
    customers: new CustomersSettings(ctx, wallets),
    bids: new BidsSettings(ctx),
    partners: new PartnersSettings(ctx),
    plans: new PlansSettings(ctx),
    workspace: new WorkspaceSettings(ctx, new SettingsRepository()),
    users: new UsersSettings(ctx, auth),
  }
}
