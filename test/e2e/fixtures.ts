import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test as base, expect, type Page } from '@playwright/test'
import { isDatabaseUrl, newWorkspace, removeWorkspace } from './database'

const ROOT = join(__dirname, '..', '..')

export interface Host {
  url: string
  /** Intake API base URL (sources post leads here). */
  intakeUrl: string
  /** The workspace file, or the `postgres://` URL of its database. */
  workspace: string
  dir: string
}

/**
 * Starts the built browser host on a fresh workspace (or a given one) and waits for its
 * "listening" line. Ports are chosen by the OS so tests run in parallel. A fresh workspace is a
 * file, or on the `postgres` project a new PostgreSQL database, dropped when the host stops; a
 * given one (a file or a `postgres://` URL) stays its owner's to remove.
 */
export async function startHost(workspace?: string): Promise<Host & { stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'leadline-e2e-'))
  const target = workspace ?? (await newWorkspace(dir))
  const child: ChildProcess = spawn(
    process.execPath,
    [
      join(ROOT, 'out/main/server.js'),
      isDatabaseUrl(target) ? '--database' : '--workspace',
      target,
      '--port',
      '0',
      '--intake-port',
      '0',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const removeOwn = async () => {
    if (workspace === undefined) await removeWorkspace(target)
    rmSync(dir, { recursive: true, force: true })
  }
  let output = ''
  const ready = new Promise<{ url: string; intakeUrl: string }>((resolve, reject) => {
    let url = ''
    let intakeUrl = ''
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      url ||= /Leadline listening on (http:\/\/\S+)/.exec(output)?.[1] ?? ''
      intakeUrl ||= /Intake API listening on (http:\/\/\S+)/.exec(output)?.[1] ?? ''
      if (url && (intakeUrl || !/intake/i.test(output) || output.includes('Intake API disabled'))) {
        // The intake line comes first when the intake server is present; the app line last.
        resolve({ url, intakeUrl })
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()))
    child.on('exit', (code) => reject(new Error(`browser host exited with ${code}:\n${output}`)))
  })
  const { url, intakeUrl } = await ready.catch(async (error: unknown) => {
    await removeOwn()
    throw error
  })
  return {
    url,
    intakeUrl,
    workspace: target,
    dir,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await exited
      }
      await removeOwn()
    },
  }
}

/**
 * Where a page.screenshot for docs/screenshots goes: the SQLite project writes the pictures; the
 * `postgres` project takes the same screenshots without keeping them, so one run's set stays.
 */
export function docsScreenshot(name: string): string | undefined {
  return base.info().project.name === 'postgres' ? undefined : `docs/screenshots/${name}`
}

/**
 * Signs in through the UI, then opens the leads console (the first screen is the reports
 * dashboard for users who may see it); `{ landing: 'first' }` stays on the first screen.
 */
export async function signIn(
  page: Page,
  email: string,
  password: string,
  options: { landing?: 'leads' | 'first' } = {},
): Promise<void> {
  await page.getByLabel('Email').fill(email)
  await page.getByRole('textbox', { name: 'Password' }).fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  const nav = page.getByRole('navigation', { name: 'Main navigation' })
  await expect(nav).toBeVisible()
  if (options.landing !== 'first') {
    await nav.getByRole('link', { name: 'Leads', exact: true }).click()
    await expect(page.getByRole('heading', { name: 'Leads', exact: true })).toBeVisible()
  }
}

export const test = base.extend<{ host: Host }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures declare their dependencies this way
  host: async ({}, use) => {
    const host = await startHost()
    await use(host)
    await host.stop()
  },
})

export { expect }
