import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createConnection, createServer, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test as base } from '@playwright/test'
import { inTransaction } from '../../../src/main/db/transaction'
import { createUserRow } from '../../../src/main/demo/users'
import { hashPassword } from '../../../src/main/services/passwords'
import { isDatabaseUrl, removeWorkspace, type WorkspaceReader } from '../database'
import { type ConsoleSeed, SEED_PASSWORD, seedConsole } from '../seed/console-seed'
import { prepareWorkspace, readWorkspace } from '../seed/workspace-file'

const ROOT = join(__dirname, '..', '..', '..')
const SERVER = join(ROOT, 'out/main/server.js')

/** The built server entry as a child process; resolves with its URL once it says it listens. */
async function run(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [SERVER, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /Leadline listening on (http:\/\/[\d.]+:\d+)/.exec(output)
      if (match?.[1]) resolve(match[1])
    })
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()))
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)))
  })
  return { child, url }
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
}

/** A second reviewer besides the seeded Operator, for decisions and edits made "elsewhere". */
export const DANA = { name: 'Dana Reviewer', email: 'dana@leadline.test' }
export const OPERATOR = { name: 'Operator User', email: 'operator@leadline.test' }
export const PASSWORD = SEED_PASSWORD

export interface TeamSeed extends ConsoleSeed {
  /** The Audit queue, oldest first: an unassigned lead held for review, then the two seeded ones. */
  auditQueue: [number, number, number]
}

/**
 * A team server on the console workspace (a SQLite file, or PostgreSQL on the `postgres`
 * project), with Dana as a second Operator and three leads in Audit. It can be stopped and
 * started again on the same port, as an operator's laptop sees a server restart.
 */
export async function startTeamServer() {
  const { dir, workspace, seed } = await prepareWorkspace(
    'leadline-team-',
    { workspaceName: 'Acme Leads', name: 'Setup Admin', email: 'setup@leadline.test', password: SEED_PASSWORD },
    async (app): Promise<TeamSeed> => {
      const seed = await seedConsole(app)
      const { db } = app.services.deps
      await createUserRow(app.services.auth, db, DANA.name, DANA.email, 'Operator', await hashPassword(PASSWORD))
      const held = seed.leads.unassigned[0] as number
      await inTransaction(db, async (trx) => {
        await trx.updateTable('leads').set({ status: 'Audit' }).where('id', '=', held).execute()
        await trx
          .insertInto('lead_events')
          .values({
            lead_id: held,
            at: Date.now(),
            stage: 'audit',
            kind: 'held',
            message: 'Audit: leads from Web form are always reviewed',
            data: null,
          })
          .execute()
      })
      return { ...seed, auditQueue: [held, seed.leads.audit[0] as number, seed.leads.audit[1] as number] }
    },
  )
  // One operator's own way to the server, which the test can cut; the server answers to its name.
  let server: { child: ChildProcess; url: string } | null = null
  const link = await startLink(() => server?.url ?? 'http://127.0.0.1:9')
  const target = [
    ...(isDatabaseUrl(workspace) ? ['--database', workspace] : ['--workspace', workspace]),
    '--allowed-host',
    new URL(link.url).host,
  ]
  let port = '0'
  server = await run([...target, '--port', port, '--intake-port', '0'])
  port = new URL(server.url).port
  const db: WorkspaceReader = await readWorkspace(workspace)
  const running = () => {
    if (!server) throw new Error('The team server is not running')
    return server.child
  }
  return {
    url: server.url,
    link,
    seed,
    query: db.query,
    one: db.one,
    async stop() {
      await terminate(running())
    },
    async restart() {
      server = await run([...target, '--port', port, '--intake-port', '0'])
    },
    async close() {
      await terminate(running())
      await link.close()
      await db.close()
      await removeWorkspace(workspace)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export type TeamServer = Awaited<ReturnType<typeof startTeamServer>>

/** `npm run serve -- --server URL`: an operator's desktop, as a client host with its own data folder. */
export async function startClientHost(serverUrl: string) {
  const dir = mkdtempSync(join(tmpdir(), 'leadline-client-'))
  const { child, url } = await run(['--server', serverUrl, '--port', '0', '--data', dir])
  return {
    url,
    async close() {
      await terminate(child)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/**
 * A TCP pass-through to the team server that the test can shut: one operator's network link.
 * Shut, it drops what is open and refuses new connections, as a laptop on a train would.
 */
async function startLink(target: () => string) {
  const open = new Set<Socket>()
  let up = true
  const server = createServer((socket) => {
    if (!up) return socket.destroy()
    const { hostname, port } = new URL(target())
    const upstream = createConnection({ host: hostname, port: Number(port) })
    for (const s of [socket, upstream]) {
      open.add(s)
      s.on('close', () => open.delete(s))
      s.on('error', () => s.destroy())
    }
    socket.pipe(upstream).pipe(socket)
    socket.on('close', () => upstream.destroy())
    upstream.on('close', () => socket.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const linkPort = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${linkPort}`,
    cut() {
      up = false
      for (const s of open) s.destroy()
    },
    restore() {
      up = true
    },
    async close() {
      this.cut()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}

export const test = base.extend<{ team: TeamServer }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures declare their dependencies this way
  team: async ({}, use) => {
    const team = await startTeamServer()
    await use(team)
    await team.close()
  },
})
export { expect } from '../fixtures'
