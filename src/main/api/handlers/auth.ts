import type { authContract } from '../../../shared/api/auth'
import type { HandlersOf } from '../types'

export const authHandlers = {
  'auth/status': async (_input, ctx) => ({
    needsSetup: await ctx.services.auth.needsSetup(),
    workspaceName: await ctx.services.auth.workspaceName(),
    user: ctx.user,
  }),
  'auth/setup': (input, ctx) => ctx.services.auth.setup(input),
  'auth/login': (input, ctx) => ctx.services.auth.login(input.email, input.password, ctx.client.address),
  'auth/logout': async (_input, ctx) => {
    await ctx.services.auth.logout(ctx.token)
    return null
  },
  'auth/me': (_input, ctx) => ctx.user,
} satisfies HandlersOf<typeof authContract>
