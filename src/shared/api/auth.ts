import { z } from 'zod'
import type { SessionUser } from '../domain/user'
import { method } from './define'

const email = z.string().trim().toLowerCase().pipe(z.email('Enter a valid email address'))
const password = z.string().min(8, 'Use at least 8 characters').max(200)

export const authContract = {
  /** Whether the workspace still needs its first Admin, and who is signed in. */
  'auth/status': method<{ needsSetup: boolean; workspaceName: string; user: SessionUser | null }>()({
    input: z.object({}).optional(),
    access: 'public',
  }),
  'auth/setup': method<{ token: string; user: SessionUser }>()({
    input: z.object({
      workspaceName: z.string().trim().min(1, 'Name the workspace').max(100).optional(),
      name: z.string().trim().min(1, 'Enter your name').max(100),
      email,
      password,
    }),
    access: 'public',
  }),
  'auth/login': method<{ token: string; user: SessionUser }>()({
    input: z.object({ email, password: z.string().min(1, 'Enter your password') }),
    access: 'public',
  }),
  'auth/logout': method<null>()({ input: z.object({}).optional(), access: 'signedIn' }),
  'auth/me': method<SessionUser>()({ input: z.object({}).optional(), access: 'signedIn' }),
}
