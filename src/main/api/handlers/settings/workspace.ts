import type { partnersContract } from '../../../../shared/api/settings/partners'
import type { plansContract } from '../../../../shared/api/settings/plans'
import type { intakeContract, signInContract, subscriptionContract } from '../../../../shared/api/settings/subscription'
import type { usersContract } from '../../../../shared/api/settings/users'
import type { HandlersOf } from '../../types'

export const partnersHandlers = {
  'partners/list': (_input, ctx) => ctx.services.settings.partners.list(),
  'partners/create': (input, ctx) => ctx.services.settings.partners.create(ctx.user, input),
  'partners/update': (input, ctx) => {
    const { id, ...rest } = input
    return ctx.services.settings.partners.update(ctx.user, id, rest)
  },
  'partners/delete': (input, ctx) => ctx.services.settings.partners.delete(ctx.user, input.id),
  'partners/templateFields': (_input, ctx) => ctx.services.settings.partners.templateFields(),
  'partners/testPing': (input, ctx) => ctx.services.settings.partners.testPing(ctx.user, input),
} satisfies HandlersOf<typeof partnersContract>

export const plansHandlers = {
  'plans/list': (_input, ctx) => ctx.services.settings.plans.list(),
  'plans/create': (input, ctx) => ctx.services.settings.plans.create(ctx.user, input),
  'plans/update': (input, ctx) => ctx.services.settings.plans.update(ctx.user, input),
  'plans/delete': (input, ctx) => ctx.services.settings.plans.delete(ctx.user, input.id),
} satisfies HandlersOf<typeof plansContract>

export const subscriptionHandlers = {
  'subscription/get': (_input, ctx) => ctx.services.settings.workspace.subscription(),
  'subscription/update': (input, ctx) => ctx.services.settings.workspace.updateSubscription(ctx.user, input),
} satisfies HandlersOf<typeof subscriptionContract>

export const intakeHandlers = {
  'intake/get': (_input, ctx) => ctx.services.settings.workspace.intake(),
  'intake/update': (input, ctx) => ctx.services.settings.workspace.updateIntake(ctx.user, input),
} satisfies HandlersOf<typeof intakeContract>

export const signInHandlers = {
  'signIn/get': (_input, ctx) => ctx.services.auth.signInSettings(),
  'signIn/update': (input, ctx) => ctx.services.settings.workspace.updateSignIn(ctx.user, input),
} satisfies HandlersOf<typeof signInContract>

export const usersHandlers = {
  'users/list': (_input, ctx) => ctx.services.settings.users.list(),
  'users/create': (input, ctx) => ctx.services.settings.users.create(ctx.user, input),
  'users/update': (input, ctx) => ctx.services.settings.users.update(ctx.user, input),
  'users/resetPassword': (input, ctx) => ctx.services.settings.users.resetPassword(ctx.user, input.id, input.password),
  'roles/list': (_input, ctx) => ctx.services.settings.users.roles(),
  'roles/create': (input, ctx) => ctx.services.settings.users.createRole(ctx.user, input),
  'roles/update': (input, ctx) => ctx.services.settings.users.updateRole(ctx.user, input),
} satisfies HandlersOf<typeof usersContract>
