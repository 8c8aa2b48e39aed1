import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

// The push-event transport is the one thing outside the module under test: events are fed by hand.
const listeners = new Set<(payload: { areas: string[] }) => void>()
vi.mock('../../../src/renderer/src/api/client', () => ({
  on: (_event: string, listener: (payload: { areas: string[] }) => void) => {
    listeners.add(listener)
    return () => listeners.delete(listener)
  },
}))

const { onChangedAreas } = await import('../../../src/renderer/src/api/changes')
const emit = (...areas: string[]) => listeners.forEach((l) => l({ areas }))

describe('changed events gathered into bursts', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => {
    vi.useRealTimers()
    listeners.clear()
  })

  it('refreshes once for a burst of thousands of events, with every area named', () => {
    const calls: string[][] = []
    onChangedAreas((areas) => calls.push([...areas].sort()))
    for (let i = 0; i < 5000; i++) emit('leads')
    emit('wallets')
    expect(calls).toEqual([])
    vi.advanceTimersByTime(250)
    expect(calls).toEqual([['leads', 'wallets']])
  })

  it('refreshes again for events after the last refresh, and not for none', () => {
    const calls: string[][] = []
    onChangedAreas((areas) => calls.push([...areas]))
    emit('leads')
    vi.advanceTimersByTime(250)
    vi.advanceTimersByTime(1000)
    emit('bids')
    vi.advanceTimersByTime(250)
    expect(calls).toEqual([['leads'], ['bids']])
  })

  it('stops listening, and drops a gathered burst, when unsubscribed', () => {
    const calls: string[][] = []
    const off = onChangedAreas((areas) => calls.push([...areas]))
    emit('leads')
    off()
    vi.advanceTimersByTime(1000)
    emit('leads')
    vi.advanceTimersByTime(1000)
    expect(calls).toEqual([])
    expect(listeners.size).toBe(0)
  })
})
