import { EventEmitter } from 'node:events'
import type { PushEventName, PushEvents } from '../../shared/api/events'

type Listener = <E extends PushEventName>(event: E, payload: PushEvents[E]) => void

/** The typed push-event channel; transports (IPC, SSE) subscribe to everything. */
export class EventBus {
  private readonly emitter = new EventEmitter()

  constructor() {
    this.emitter.setMaxListeners(100)
  }

  emit<E extends PushEventName>(event: E, payload: PushEvents[E]): void {
    this.emitter.emit('event', event, payload)
  }

  subscribe(listener: Listener): () => void {
    this.emitter.on('event', listener)
    return () => this.emitter.off('event', listener)
  }
}
