import { bidsContract } from './bids'
import { categoriesContract } from './categories'
import { customersContract } from './customers'
import { leadTypesContract } from './leadTypes'
import { partnersContract } from './partners'
import { plansContract } from './plans'
import { sourcesContract } from './sources'
import { intakeContract, signInContract, subscriptionContract } from './subscription'
import { usersContract } from './users'
import { walletsContract } from './wallets'

/** Every method of the workspace settings screens, merged into the contract. */
export const settingsContract = {
  ...categoriesContract,
  ...leadTypesContract,
  ...sourcesContract,
  ...customersContract,
  ...walletsContract,
  ...bidsContract,
  ...partnersContract,
  ...plansContract,
  ...subscriptionContract,
  ...intakeContract,
  ...signInContract,
  ...usersContract,
}
