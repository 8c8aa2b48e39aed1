import { describe, expect, it } from 'vitest'
import type { ClientStatus, Presence } from '../../../src/shared/api/client'
import { testDialect } from '../../support/dialect'
import { testApp } from '../../support/workspace'
import { clientHost, eventsOf, listen, ok, signIn, teamServer, until } from './team'

type ServerStatus = Extract<ClientStatus, { mode: 'server' }>

describe('what a client keeps current', () => {
  it('caches again the detail of an Audit lead a colleague edits, so offline shows their change', async () => {
    const team = await teamServer()
    const id = await team.ingest()
    const client = await clientHost(team.url)
    const dana = await signIn(client.port, 'dana@example.com')
    const status = () => ok<ServerStatus>(client.port, 'client/status', {}, dana)
    await until('the cached queue', status, (s) => s.auditCached === 1)

    const omar = await signIn(team.port, 'omar@example.com')
    const opened = await ok<{ updatedAt: number }>(team.port, 'leads/get', { id }, omar)
    await ok(
      team.port,
      'leads/edit',
      { id, contact: { first_name: 'Renamed' }, expectedUpdatedAt: opened.updatedAt },
      omar,
    )
    const cachedName = async () => {
      await team.stop()
      await until('offline', status, (s) => !s.online)
      const detail = await ok<{ contact: { first_name: string } }>(client.port, 'leads/get', { id }, dana)
      await team.restart()
      await until('online', status, (s) => s.online)
      return detail.contact.first_name
    }
    await until('the edit in the cache', cachedName, (name) => name === 'Renamed')
  })

  it('relays who has which lead open, from the server to the client’s windows', async () => {
    const team = await teamServer()
    const id = await team.ingest()
    const client = await clientHost(team.url)
    const dana = await signIn(client.port, 'dana@example.com')
    const events = await eventsOf(client.port, dana)
    const omar = await signIn(team.port, 'omar@example.com')
    await ok(team.port, 'presence/set', { leadId: id }, omar)
    const seen = await until(
      'the presence event',
      async () => events.seen.filter((e) => e.event === 'presence').map((e) => e.data as Presence),
      (list) => list.length > 0,
    )
    expect(seen[0]).toMatchObject({ name: 'Omar Reviewer', leadId: id })
    await events.close()
  })

  // Two servers (two apps on one database) run on PostgreSQL.
  it.skipIf(testDialect !== 'postgres')('relays presence between servers on one database', async () => {
    const team = await teamServer()
    const other = await testApp({ path: team.app.workspace, ids: { uuid: () => crypto.randomUUID() } })
    const { port } = await listen(other)
    const dana = await signIn(port, 'dana@example.com')
    const events = await eventsOf(port, dana)
    const omar = await signIn(team.port, 'omar@example.com')
    await ok(team.port, 'presence/set', { leadId: null }, omar)
    await until(
      'the presence event on the other server',
      async () => events.seen.filter((e) => e.event === 'presence'),
      (list) => list.some((e) => (e.data as Presence).name === 'Omar Reviewer'),
    )
    await events.close()
  })
})
