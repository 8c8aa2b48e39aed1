/// <reference lib="dom" />
/**
 * Runs inside the page (passed to `page.evaluate`): arms a measurement before an action and
 * resolves with the time from the action's first input event to the frame after the DOM holds
 * what the action asked for. Kept free of imports: Playwright sends the function's source.
 */
export interface ProbeArgs {
  /** What "done" looks like: the rows differ from the ones shown when armed, or the lead's trace is shown. */
  until: 'rows-changed' | 'trace-shown'
  /** Input events that start the clock (the first one seen counts; `input` counts the last one). */
  from: 'pointer' | 'input'
  timeoutMs: number
}

export interface ProbeResult {
  ms: number
  /** Long tasks (> 50 ms) on the main thread between the input event and the paint. */
  longTasks: number[]
  /** The slowest API request the action made: when it started after the input event, and how long it took. */
  request: { startMs: number; ms: number } | null
}

declare global {
  interface Window {
    __probe?: Promise<ProbeResult>
  }
}

export function armProbe(args: ProbeArgs): void {
  const rowIds = () =>
    Array.from(document.querySelectorAll<HTMLElement>('[data-testid^="lead-row-"]'), (e) => e.dataset['testid']).join()
  const before = rowIds()
  const done =
    args.until === 'rows-changed'
      ? () => {
          const now = rowIds()
          return now !== '' && now !== before
        }
      : () => document.querySelector('[data-testid="lead-detail"] [data-testid="decision-trace"]') !== null

  // The buffer holds 250 entries by default; each measurement reads only its own.
  performance.clearResourceTimings()
  let start: number | null = null
  const onInput = (e: Event) => {
    if (args.from === 'input') start = e.timeStamp
    else start ??= e.timeStamp
  }
  const types = args.from === 'pointer' ? ['pointerdown', 'mousedown', 'keydown', 'click'] : ['input']
  for (const t of types) window.addEventListener(t, onInput, { capture: true })

  const longTasks: { start: number; duration: number }[] = []
  const tasks = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration })
  })
  tasks.observe({ type: 'longtask', buffered: false })

  window.__probe = new Promise<ProbeResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      observer.disconnect()
      reject(new Error(`timed out waiting for ${args.until}`))
    }, args.timeoutMs)
    const check = () => {
      if (start === null || !done()) return
      observer.disconnect()
      clearTimeout(timer)
      const from = start
      // The frame that shows the DOM: its animation frame, then a task after it has been painted.
      requestAnimationFrame(() => {
        const channel = new MessageChannel()
        channel.port1.onmessage = () => {
          const end = performance.now()
          for (const t of types) window.removeEventListener(t, onInput, { capture: true })
          tasks.disconnect()
          const requests = performance
            .getEntriesByType('resource')
            .filter((e) => e.name.includes('/rpc/') && e.startTime >= from)
            .map((e) => ({
              startMs: e.startTime - from,
              ms: (e as PerformanceResourceTiming).responseEnd - e.startTime,
            }))
            .sort((a, b) => b.ms - a.ms)
          resolve({
            request: requests[0] ?? null,
            ms: end - from,
            longTasks: longTasks.filter((t) => t.start + t.duration >= from).map((t) => Math.round(t.duration)),
          })
        }
        channel.port2.postMessage(null)
      })
    }
    const observer = new MutationObserver(check)
    observer.observe(document.body, { childList: true, subtree: true, characterData: true })
  })
}
