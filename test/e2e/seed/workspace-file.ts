import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { createApp, type LeadlineApp } from '../../../src/main/host/app'
import { type Host, startHost } from '../fixtures'

export interface FirstAdmin {
  workspaceName: string
  name: string
  email: string
  password: string
}

/**
 * A new workspace file in its own temp folder, set up with its first Admin and seeded through
 * createApp; the app is closed again so a browser host can open the file.
 */
export async function prepareWorkspace<T>(
  prefix: string,
  admin: FirstAdmin,
  seed: (app: LeadlineApp) => T | Promise<T>,
): Promise<{ dir: string; file: string; seed: T }> {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const file = join(dir, 'workspace.db')
  const app = await createApp({ workspace: file })
  await app.services.auth.setup(admin)
  const seeded = await seed(app)
  await app.close()
  return { dir, file, seed: seeded }
}

export interface WorkspaceReader {
  query<T>(sql: string, ...params: unknown[]): T[]
  one<T>(sql: string, ...params: unknown[]): T
  close(): void
}

/** Reads the workspace file as the running host leaves it (read-only, beside the host). */
export function readWorkspace(file: string): WorkspaceReader {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  return {
    query: <T>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as T[],
    one: <T>(sql: string, ...params: unknown[]) => db.prepare(sql).get(...params) as T,
    close: () => db.close(),
  }
}

/**
 * The browser host on a prepared workspace, with a reader beside it. Stopping closes both and
 * removes the workspace's folder.
 */
export async function serveWorkspace(
  dir: string,
  file: string,
): Promise<Host & Omit<WorkspaceReader, 'close'> & { stop: () => Promise<void> }> {
  const host = await startHost(file)
  const db = readWorkspace(file)
  return {
    ...host,
    query: db.query,
    one: db.one,
    stop: async () => {
      db.close()
      await host.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
