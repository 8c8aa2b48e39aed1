import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import type { ClientStatus } from '../../../src/shared/api/client'
import { testSql } from '../../support/sql'
import { tempDir } from '../../support/workspace'
import { clientHost, ok, signIn, teamServer, type TeamServer, until } from './team'

type ServerStatus = Extract<ClientStatus, { mode: 'server' }>

const ROOT = join(__dirname, '..', '..', '..')
const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
})

/** `npm run serve -- --server URL` as its own process, as the desktop's main process would be. */
async function spawnClientHost(serverUrl: string, dataDir: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'src/main/server.ts'),
      '--server',
      serverUrl,
      '--port',
      '0',
      '--data',
      dataDir,
      '--static',
      join(ROOT, 'out/renderer'),
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  children.push(child)
  let output = ''
  const port = await new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /Leadline listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output)
      if (match) resolve(Number(match[1]))
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => reject(new Error(`The client host exited (${code}): ${output}`)))
  })
  return { child, port }
}

async function decisionsOf(team: TeamServer, id: number) {
  const q = testSql(team.app)
  const rows = await q.all<{ decision: string }>('SELECT decision FROM audit_decisions WHERE lead_id = ?', id)
  const uuid = (await team.app.services.leads.get(id)).uuid
  const activity = await q.all<{ action: string }>(
    `SELECT action FROM audit_log WHERE target_type = 'lead' AND target_id = ? AND action LIKE 'lead.audit.%'`,
    uuid,
  )
  return { decisions: rows.map((r) => r.decision), activity: activity.map((a) => a.action) }
}

describe('the outbox', () => {
  it('survives a kill -9 of the client host and is sent exactly once after the restart', async () => {
    const team = await teamServer()
    const leads = [await team.ingest(), await team.ingest(), await team.ingest()] as const
    const dataDir = tempDir()
    const first = await spawnClientHost(team.url, dataDir)
    const token = await signIn(first.port, 'dana@example.com')
    const statusOf = (port: number) => () => ok<ServerStatus>(port, 'client/status', {}, token)
    await until('the cached queue', statusOf(first.port), (s) => s.auditCached === 3)

    await team.stop()
    await until('offline', statusOf(first.port), (s) => !s.online)
    await ok(first.port, 'audit/approve', { id: leads[0] }, token)
    await ok(first.port, 'audit/reject', { id: leads[1], reason: 'made-up address' }, token)
    expect(await statusOf(first.port)()).toMatchObject({ waiting: 2 })
    const exited = new Promise<NodeJS.Signals | null>((resolve) => first.child.once('exit', (_c, s) => resolve(s)))
    first.child.kill('SIGKILL')
    expect(await exited).toBe('SIGKILL')

    await team.restart()
    // The same operator, still signed in on this computer (the session survived too).
    const second = await spawnClientHost(team.url, dataDir)
    const done = await until(
      'the outbox sent',
      statusOf(second.port),
      (s) => s.online && s.waiting === 0 && s.results.length === 2,
      20_000,
    )
    expect(done.results.map((r) => [r.leadId, r.outcome])).toEqual([
      [leads[1], 'applied'],
      [leads[0], 'applied'],
    ])
    expect(await decisionsOf(team, leads[0])).toEqual({ decisions: ['approve'], activity: ['lead.audit.approve'] })
    expect(await decisionsOf(team, leads[1])).toEqual({ decisions: ['reject'], activity: ['lead.audit.reject'] })
    expect(await decisionsOf(team, leads[2])).toEqual({ decisions: [], activity: [] })
    expect((await team.app.services.leads.get(leads[1])).status).toBe('Unassigned')
  }, 60_000)

  it('a decision the server took before the client heard the answer is replayed, not taken again', async () => {
    const team = await teamServer()
    const lead = await team.ingest()
    const dataDir = tempDir()
    const client = await clientHost(team.url, dataDir)
    const token = await signIn(client.port, 'dana@example.com')
    const status = () => ok<ServerStatus>(client.port, 'client/status', {}, token)
    await until('the cached queue', status, (s) => s.auditCached === 1)
    await team.stop()
    await until('offline', status, (s) => !s.online)
    await ok(client.port, 'audit/approve', { id: lead }, token)

    // The send that reached the server but whose answer was lost: the same decision id, taken once.
    const cache = new Database(join(dataDir, 'servers', `127.0.0.1-${team.port}.db`), { readonly: true })
    const { decision_id } = cache.prepare('SELECT decision_id FROM outbox').get() as { decision_id: string }
    cache.close()
    await team.restart()
    const dana = await signIn(team.port, 'dana@example.com')
    await ok(team.port, 'audit/approve', { id: lead, decisionId: decision_id }, dana)

    const done = await until('the outbox sent', status, (s) => s.online && s.waiting === 0 && s.results.length === 1)
    expect(done.results[0]).toMatchObject({ leadId: lead, outcome: 'applied' })
    expect(await decisionsOf(team, lead)).toEqual({ decisions: ['approve'], activity: ['lead.audit.approve'] })
  })
})
