import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { createApp, type LeadlineApp } from '../../../src/main/host/app'
import { isDatabaseUrl, newWorkspace, readDatabase, removeWorkspace, type WorkspaceReader } from '../database'
import { type Host, startHost } from '../fixtures'

export type { WorkspaceReader } from '../database'

export interface FirstAdmin {
  workspaceName: string
  name: string
  email: string
  password: string
}

/**
 * A new workspace in its own temp folder (a file there, or on the `postgres` project a fresh
 * PostgreSQL database), set up with its first Admin and seeded through createApp; the app is
 * closed again so a browser host can open it.
 */
export async function prepareWorkspace<T>(
  prefix: string,
  admin: FirstAdmin,
  seed: (app: LeadlineApp) => T | Promise<T>,
): Promise<{ dir: string; workspace: string; seed: T }> {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const workspace = await newWorkspace(dir)
  try {
    const app = await createApp({ workspace })
    try {
      await app.services.auth.setup(admin)
      return { dir, workspace, seed: await seed(app) }
    } finally {
      await app.close()
    }
  } catch (error) {
    await removeWorkspace(workspace)
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
}

/**
 * Reads the workspace as the running host leaves it: the file read-only beside the host, or its
 * PostgreSQL database. SQL with `?` placeholders that both databases accept.
 */
export async function readWorkspace(workspace: string): Promise<WorkspaceReader> {
  if (isDatabaseUrl(workspace)) return readDatabase(workspace)
  const db = new Database(workspace, { readonly: true, fileMustExist: true })
  return {
    query: async <T>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as T[],
    one: async <T>(sql: string, ...params: unknown[]) => db.prepare(sql).get(...params) as T,
    close: async () => {
      db.close()
    },
  }
}

/**
 * The browser host on a prepared workspace, with a reader beside it. Stopping closes both and
 * removes the workspace: its folder, and its PostgreSQL database if it has one.
 */
export async function serveWorkspace(
  dir: string,
  workspace: string,
): Promise<Host & Omit<WorkspaceReader, 'close'> & { stop: () => Promise<void> }> {
  const remove = async () => {
    await removeWorkspace(workspace)
    rmSync(dir, { recursive: true, force: true })
  }
  const host = await startHost(workspace).catch(async (error: unknown) => {
    await remove()
    throw error
  })
  const db = await readWorkspace(workspace)
  return {
    ...host,
    query: db.query,
    one: db.one,
    stop: async () => {
      await db.close()
      await host.stop()
      await remove()
    },
  }
}
