import { categoriesHandlers, leadTypesHandlers } from './catalog'
import { bidsHandlers, customersHandlers, sourcesHandlers, walletsHandlers } from './commerce'
import {
  intakeHandlers,
  partnersHandlers,
  plansHandlers,
  signInHandlers,
  subscriptionHandlers,
  usersHandlers,
} from './workspace'

export const settingsHandlers = {
  ...categoriesHandlers,
  ...leadTypesHandlers,
  ...sourcesHandlers,
  ...customersHandlers,
  ...walletsHandlers,
  ...bidsHandlers,
  ...partnersHandlers,
  ...plansHandlers,
  ...subscriptionHandlers,
  ...intakeHandlers,
  ...signInHandlers,
  ...usersHandlers,
}
