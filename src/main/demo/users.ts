import type { Executor } from '../db/executor'
import type { AuthService } from '../services/auth'

/**
 * A user row written through the auth service (role checked, email unique), in the caller's unit
 * Seeding code (demo, benchmarks, e2e workspaces) calls it here, in one place.
 */
export async function createUserRow(
  auth: AuthService,
  db: Executor,
  name: string,
  email: string,
  role: string,
  passwordHash: string,
): Promise<number> {
  return auth.createUserRow(db, name, email, role, passwordHash)
}
