import type { z } from 'zod'
import { auctionsContract } from './auctions'
import { authContract } from './auth'
import { exportsContract } from './exports'
import { importsContract } from './imports'
import { marketplaceContract } from './marketplace'
import { deliveriesContract } from './deliveries'
import type { MethodDef } from './define'
import { leadsContract } from './leads'
import { settingsContract } from './settings'
import { auditContract } from './audit'
import { activityContract } from './activity'
import { reportsContract } from './reports'
import { clientContract } from './client'

/** The one list of methods the renderer may call. Names are `area/verb`. */
export const contract = {
  ...authContract,
  ...leadsContract,
  ...deliveriesContract,
  ...auctionsContract,
  ...settingsContract,
  ...auditContract,
  ...activityContract,
  ...importsContract,
  ...exportsContract,
  ...marketplaceContract,
  ...reportsContract,
  ...clientContract,
} satisfies Record<string, MethodDef>

export type Contract = typeof contract
export type Method = keyof Contract
export type Input<M extends Method> = z.input<Contract[M]['input']>
export type ParsedInput<M extends Method> = z.output<Contract[M]['input']>
export type Result<M extends Method> = Exclude<Contract[M]['result'], undefined>

export function isMethod(name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(contract, name)
}
