import type { PushEventName, PushEvents } from '../../shared/api/events'
import { openRelay, type Relay } from '../db/postgres/relay'
import type { EventBus } from './events'

/** Every area a screen or a cache refreshes by: sent when messages may have been missed. */
export const ALL_AREAS = [
  'settings',
  'customers',
  'wallets',
  'leads',
  'audit',
  'deliveries',
  'marketplace',
  'buyOrders',
  'imports',
  'exports',
]

/** Events that concern every operator, whichever server they are signed in to. */
const RELAYED = new Set(['changed', 'progress', 'presence'])

/**
 * Makes one process's push events everyone's: what happens here is published to the other
 * processes on the database, and what they publish is emitted on this bus — so an operator's
 * screen refreshes whichever server changed the lead, and each server's configuration cache
 * (which listens for `changed` on settings) reloads after a colleague's edit.
 */
export async function relayEvents(
  events: EventBus,
  url: string,
  origin: string,
  log: (error: unknown) => void,
): Promise<Relay> {
  // Payloads that came from another process; they are not sent back out.
  const relayed = new WeakSet<object>()
  const relay = await openRelay({
    url,
    origin,
    onMessage: (message) => {
      if (!RELAYED.has(message.event)) return
      if (typeof message.payload !== 'object' || message.payload === null) return
      relayed.add(message.payload)
      events.emit(message.event as PushEventName, message.payload as PushEvents[PushEventName])
    },
    onReconnect: () => {
      const payload = { areas: ALL_AREAS }
      relayed.add(payload)
      events.emit('changed', payload)
    },
    onError: log,
  })
  const unsubscribe = events.subscribe((event, payload) => {
    if (relayed.has(payload)) return
    relay.publish(event, payload).catch(log)
  })
  return {
    get listening() {
      return relay.listening
    },
    publish: (event, payload) => relay.publish(event, payload),
    close: async () => {
      unsubscribe()
      await relay.close()
    },
  }
}
