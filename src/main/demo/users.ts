import type { Executor } from '../db/executor'
import type { AuthService } from '../services/auth'

/**
 * A user row written through the auth service (role checked, email unique), in the caller's unit
 * of work: `AuthService.createUserRow(db, name, email, role, passwordHash): Promise<number>`.
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
  // The auth service still runs this on the workspace connection it shares with `db` (so inside
  // the caller's SQLite transaction); once it takes the executor this becomes
  // `return auth.createUserRow(db, name, email, role, passwordHash)`.
  void db
  return Promise.resolve(auth.createUserRow(name, email, role, passwordHash))
}
