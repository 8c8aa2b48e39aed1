import { leadsRoute } from './leads'
import { offersRoute } from './offers'
import { pingRoute } from './ping'
import { postRoute } from './post'
import type { IntakeRoute } from './types'

/** Every intake endpoint. To add one: write its `IntakeRoute` in its own file and list it here. */
export const routes: readonly IntakeRoute[] = [leadsRoute, pingRoute, postRoute, offersRoute]
