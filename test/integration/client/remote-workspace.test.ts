import { describe, expect, it } from 'vitest'
import { parseServerUrl } from '../../../src/main/client/server-url'
import type { ClientStatus } from '../../../src/shared/api/client'
import { testSql } from '../../support/sql'
import { clientHost, eventsOf, ok, rpc, signIn, teamServer, until } from './team'

type ServerStatus = Extract<ClientStatus, { mode: 'server' }>

describe('a client host in front of a team server', () => {
  it('forwards calls under a local token mapped to the server session, and relays the server’s events', async () => {
    const team = await teamServer()
    const lead = await team.ingest()
    const client = await clientHost(team.url)
    const token = await signIn(client.port, 'dana@example.com')
    // The renderer's token means nothing to the server: the server's own stays in the client host.
    expect(await team.app.services.auth.userForToken(token)).toBeNull()
    const page = await ok<{ total: number; rows: Array<{ id: number; status: string }> }>(
      client.port,
      'leads/list',
      {},
      token,
    )
    expect(page.rows.map((r) => [r.id, r.status])).toEqual([[lead, 'Audit']])
    expect(await rpc(client.port, 'leads/list', {}, 'made-up')).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    })
    expect(await ok(client.port, 'client/status', {}, token)).toMatchObject({
      mode: 'server',
      url: team.url,
      online: true,
      waiting: 0,
    })

    const events = await eventsOf(client.port, token)
    team.app.events.emit('changed', { areas: ['leads', 'tests'] })
    await until(
      'the relayed event',
      async () => events.seen,
      (seen) => seen.some((e) => e.event === 'changed' && (e.data as { areas: string[] }).areas.includes('tests')),
    )
    // A change made on the server through another operator's call reaches this client too.
    const omar = await signIn(team.port, 'omar@example.com')
    await ok(team.port, 'audit/approve', { id: lead }, omar)
    await until(
      'the audit change',
      async () => events.seen,
      (seen) => seen.some((e) => e.event === 'changed' && (e.data as { areas: string[] }).areas.includes('audit')),
    )
    await events.close()

    await ok(client.port, 'auth/logout', {}, token)
    expect(await rpc(client.port, 'leads/list', {}, token)).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    })
  })

  it('a call the server does not answer in time counts as offline, and the client is back as soon as the server answers', async () => {
    const team = await teamServer()
    await team.ingest()
    const client = await clientHost(team.url, undefined, 300)
    const token = await signIn(client.port, 'dana@example.com')
    const status = () => ok<ServerStatus>(client.port, 'client/status', {}, token)
    await until('the cached queue', status, (s) => s.online && s.auditCached === 1)

    team.slow.add('/rpc/leads/list')
    expect(await rpc(client.port, 'leads/list', {}, token)).toMatchObject({ ok: false, error: { code: 'OFFLINE' } })
    team.slow.clear()
    // The event stream never broke; the client asks again and finds the server.
    await until('online again', status, (s) => s.online)
    expect(await rpc(client.port, 'leads/list', {}, token)).toMatchObject({ ok: true })
  })

  it('hands a finished export over once, streamed from the server through the client host', async () => {
    const team = await teamServer()
    await team.ingest()
    const client = await clientHost(team.url)
    const admin = await signIn(client.port, 'admin@example.com')
    const result = await ok<{ rows: number; delivery: { kind: string; url: string; fileName: string } }>(
      client.port,
      'exports/start',
      { jobId: 'client-export-1', audience: 'operator' },
      admin,
    )
    expect(result).toMatchObject({ rows: 1, delivery: { kind: 'download' } })
    const first = await fetch(`http://127.0.0.1:${client.port}${result.delivery.url}`)
    expect(first.status).toBe(200)
    expect(first.headers.get('content-disposition')).toContain(result.delivery.fileName.replace(/[^\w.-]+/g, '_'))
    expect(await first.text()).toContain('audit1@example.com')
    const again = await fetch(`http://127.0.0.1:${client.port}${result.delivery.url}`)
    expect(again.status).toBe(404)
  })

  it('requires https:// except for this machine', () => {
    expect(() => parseServerUrl('http://leads.example.com')).toThrow(/https/)
    expect(() => parseServerUrl('http://192.168.1.20:5180')).toThrow(/https/)
    expect(() => parseServerUrl('ftp://127.0.0.1')).toThrow()
    expect(parseServerUrl('https://leads.example.com/app').origin).toBe('https://leads.example.com')
    for (const loopback of ['http://127.0.0.1:5180', 'http://localhost:5180', 'http://[::1]:5180'])
      expect(parseServerUrl(loopback).protocol).toBe('http:')
  })

  it('keeps the Audit queue offline, queues decisions, and sends them in order on reconnection: applied, or a conflict with who decided first', async () => {
    const team = await teamServer()
    const leads = [await team.ingest(), await team.ingest(), await team.ingest(), await team.ingest()] as const
    const client = await clientHost(team.url)
    const dana = await signIn(client.port, 'dana@example.com')
    const status = () => ok<ServerStatus>(client.port, 'client/status', {}, dana)
    await until('the cached queue', status, (s) => s.auditCached === 4)
    const omar = await signIn(team.port, 'omar@example.com')

    await team.stop()
    await until('offline', status, (s) => !s.online)
    // The queue, each lead and its trace answer from the cache; other screens say they need the server.
    const queue = await ok<{ items: Array<{ id: number }> }>(client.port, 'audit/queue', { limit: 100 }, dana)
    expect(queue.items.map((i) => i.id)).toEqual(leads)
    const detail = await ok<{ id: number; events: unknown[] }>(client.port, 'leads/get', { id: leads[0] }, dana)
    expect(detail.id).toBe(leads[0])
    expect(detail.events.length).toBeGreaterThan(0)
    expect(await rpc(client.port, 'leads/list', {}, dana)).toMatchObject({
      ok: false,
      error: {
        code: 'OFFLINE',
        message: expect.stringMatching(/needs the team server; you are offline since \d\d:\d\d/),
      },
    })

    expect(await ok(client.port, 'audit/approve', { id: leads[0] }, dana)).toEqual({
      status: 'Audit',
      replayed: false,
      queued: true,
    })
    await ok(client.port, 'audit/approve', { id: leads[1] }, dana)
    expect(await rpc(client.port, 'audit/reject', { id: leads[2], reason: ' ' }, dana)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { reason: expect.any(String) } },
    })
    await ok(client.port, 'audit/reject', { id: leads[2], reason: 'fake name' }, dana)
    // A second key press on a lead already decided here is not a second decision.
    expect(await rpc(client.port, 'audit/approve', { id: leads[0] }, dana)).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'You already decided this lead; it waits to be sent' },
    })
    expect(await status()).toMatchObject({ online: false, waiting: 3, auditCached: 4 })
    const left = await ok<{ items: Array<{ id: number }> }>(client.port, 'audit/queue', {}, dana)
    expect(left.items.map((i) => i.id)).toEqual([leads[3]])

    // Meanwhile a colleague, on the server, approves one of the same leads.
    await team.restart()
    const omarLater = await ok(team.port, 'audit/approve', { id: leads[1] }, omar)
    expect(omarLater).toMatchObject({ status: 'Assigned' })

    const back = await until('the outbox sent', status, (s) => s.online && s.waiting === 0 && s.results.length === 3)
    const byLead = new Map(back.results.map((r) => [r.leadId, r]))
    expect(byLead.get(leads[0])).toMatchObject({ outcome: 'applied', message: 'Approved: the lead is now Assigned' })
    expect(byLead.get(leads[2])).toMatchObject({ outcome: 'applied', decision: 'reject' })
    expect(byLead.get(leads[1])).toMatchObject({
      outcome: 'conflict',
      message: 'Already approved by Omar Reviewer',
      decidedBy: 'Omar Reviewer',
      otherDecision: 'approve',
      decidedAt: expect.any(Number),
    })

    const q = testSql(team.app)
    for (const id of leads.slice(0, 3)) {
      const rows = await q.all<{ user_name: string }>('SELECT user_name FROM audit_decisions WHERE lead_id = ?', id)
      expect(rows).toEqual([{ user_name: id === leads[1] ? 'Omar Reviewer' : 'Dana Reviewer' }])
      const uuid = (await team.app.services.leads.get(id)).uuid
      const activity = await q.all<{ action: string }>(
        `SELECT action FROM audit_log WHERE target_type = 'lead' AND target_id = ? AND action LIKE 'lead.audit.%'`,
        uuid,
      )
      expect(activity).toHaveLength(1)
    }
    expect((await team.app.services.leads.get(leads[2])).status).toBe('Unassigned')
  })
})
