import { z } from 'zod'
import {
  type IntakeSettings,
  intakeSettingsSchema,
  type SignInSettings,
  signInSettingsSchema,
  type Subscription,
  subscriptionSchema,
} from '../../domain/config'
import { method } from '../define'

export interface SubscriptionState extends Subscription {
  period: { start: number; end: number }
  /** Leads counted against the threshold in the current period. */
  used: number
  withheld: number
}

export const subscriptionContract = {
  'subscription/get': method<SubscriptionState>()({ input: z.object({}).default({}), access: 'leads.view' }),
  'subscription/update': method<SubscriptionState>()({ input: subscriptionSchema, access: 'settings.manage' }),
}

/** The saved settings and the address sources post leads to. */
export interface IntakeState extends IntakeSettings {
  /** Where the intake API answers now (the running server), else where it will with these settings. */
  url: string
  /** Whether an intake server of this app is listening now. */
  running: boolean
}

export const intakeContract = {
  'intake/get': method<IntakeState>()({ input: z.object({}).default({}), access: 'settings.manage' }),
  'intake/update': method<IntakeState>()({
    input: intakeSettingsSchema.extend({
      host: z
        .string()
        .trim()
        .regex(/^(\d{1,3}(\.\d{1,3}){3}|localhost|::1?|[a-z0-9.-]+)$/i, 'Enter an IP address or host name'),
    }),
    access: 'settings.manage',
  }),
}

export const signInContract = {
  'signIn/get': method<SignInSettings>()({ input: z.object({}).default({}), access: 'settings.manage' }),
  'signIn/update': method<SignInSettings>()({ input: signInSettingsSchema, access: 'settings.manage' }),
}
