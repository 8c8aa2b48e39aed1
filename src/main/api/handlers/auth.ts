import type { authContract } from '../../../shared/api/auth'
import type { HandlersOf } from '../types'

export const authHandlers = {
  'auth/status': (_input, ctx) => ({
    needsSetup: ctx.services.auth.needsSetup(),
    workspaceName: ctx.services.auth.workspaceName(),
    user: ctx.user,
  }),
  'auth/setup': (input, ctx) => ctx.services.auth.setup(input),
  'auth/login': (input, ctx) => ctx.services.auth.login(input.email, input.password, ctx.client.address),
  'auth/logout': (_input, ctx) => {
    ctx.services.auth.logout(ctx.token)
    return null
  },
  'auth/me': (_input, ctx) => ctx.user,
} satisfies HandlersOf<typeof authContract>
