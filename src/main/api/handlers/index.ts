import type { Handlers } from '../types'
import { auctionsHandlers } from './auctions'
import { authHandlers } from './auth'
import { exportsHandlers } from './exports'
import { importsHandlers } from './imports'
import { marketplaceHandlers } from './marketplace'
import { deliveriesHandlers } from './deliveries'
import { leadsHandlers } from './leads'
import { settingsHandlers } from './settings'
import { auditHandlers } from './audit'
import { activityHandlers } from './activity'
import { reportsHandlers } from './reports'
import { clientHandlers } from './client'

/** Every method of the contract has exactly one handler; the compiler checks the list is whole. */
export const handlers: Handlers = {
  ...authHandlers,
  ...leadsHandlers,
  ...deliveriesHandlers,
  ...auctionsHandlers,
  ...settingsHandlers,
  ...auditHandlers,
  ...activityHandlers,
  ...importsHandlers,
  ...exportsHandlers,
  ...marketplaceHandlers,
  ...reportsHandlers,
  ...clientHandlers,
}
