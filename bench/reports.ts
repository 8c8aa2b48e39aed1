/**
 * The reports dashboard on a big workspace: every panel of the dashboard (summary with the previous
 * period, volume by hour or day, unsold reasons, the forecast, the five tables) called through the
 * app's service, as the page calls them, for each period preset, RUNS times.
 *
 *   npm run bench -- reports [--leads 1000000] [--runs 20]
 *
 * The workspace is the ui benchmark's (50 sources, 100 lead types, 200 customers, a year of leads;
 * built once in .bench/). `dashboard_p95_ms` is the 95th percentile, over the presets and runs, of
 * the dashboard as it opens: the panels the page asks for at once (summary, volume, reasons,
 * forecast and the table shown first, by source), one after the other; `all_panels_p95_ms` adds
 * the four other tables; `slowest_panel` is the panel (of all nine, any preset) with the highest p95.
 */
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { createApp } from '../src/main/host/app'
import type { RangeInput } from '../src/main/services/reports/periods'
import { REPORT_DIMENSIONS } from '../src/shared/domain/reports'
import { uiWorkspace } from './ui-workspace'

/** The ui workspace's leads end at 2026-11-01 00:00 UTC: "today" is the last 18 hours of them. */
const NOW = Date.UTC(2026, 10, 1) - 6 * 3_600_000
const PRESETS: RangeInput[] = [
  { preset: 'today' },
  { preset: 'yesterday' },
  { preset: '7d' },
  { preset: '30d' },
  { preset: 'month' },
]

const p95 = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? 0
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { leads: { type: 'string' }, runs: { type: 'string' } } })
  const leads = Number(values.leads ?? 1_000_000)
  const runs = Number(values.runs ?? 20)
  const file = await uiWorkspace(leads)
  const app = await createApp({ workspace: file, jobs: false, clock: { now: () => NOW } })
  try {
    const reports = app.services.reports
    await reports.setTimeZone(null, 'America/New_York')
    const rollup = await app.services.deps.db
      .selectFrom('report_hourly')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    const panels: [string, (r: RangeInput) => Promise<unknown>][] = [
      ['summary', (r) => reports.summary(r)],
      ['series', (r) => reports.series(r)],
      ['reasons', (r) => reports.reasons(r)],
      ['forecast', () => reports.forecast({ walletLeads: 20 })],
      ...REPORT_DIMENSIONS.map(
        (by) =>
          [`breakdown:${by}`, (r: RangeInput) => reports.breakdown({ ...r, by })] as [
            string,
            (r: RangeInput) => Promise<unknown>,
          ],
      ),
    ]
    const times = new Map<string, number[]>()
    const dashboards: number[] = []
    const everything: number[] = []
    const onOpen = new Set(['summary', 'series', 'reasons', 'forecast', 'breakdown:source'])
    // One warm-up pass (page cache, prepared statements), then the measured runs.
    for (const r of PRESETS) for (const [, call] of panels) await call(r)
    for (let i = 0; i < runs; i++) {
      for (const r of PRESETS) {
        let total = 0
        let opening = 0
        for (const [name, call] of panels) {
          const t = performance.now()
          await call(r)
          const ms = performance.now() - t
          total += ms
          if (onOpen.has(name)) opening += ms
          const key = `${name}@${r.preset}`
          times.set(key, [...(times.get(key) ?? []), ms])
        }
        dashboards.push(opening)
        everything.push(total)
      }
    }
    const byPanel = [...times].map(([name, xs]) => ({ name, p95: p95(xs) })).sort((a, b) => b.p95 - a.p95)
    const slowest = byPanel[0] ?? { name: '', p95: 0 }
    const load = (await import('node:os')).loadavg()[0]?.toFixed(1)
    process.stderr.write(
      `load average ${load}; rollup rows ${Number(rollup.n).toLocaleString()}; slowest panels: ${byPanel
        .slice(0, 6)
        .map((p) => `${p.name} ${p.p95.toFixed(1)} ms`)
        .join(', ')}\n`,
    )
    console.log(
      JSON.stringify({
        bench: 'reports',
        leads,
        dashboard_p95_ms: Number(p95(dashboards).toFixed(1)),
        all_panels_p95_ms: Number(p95(everything).toFixed(1)),
        slowest_panel: slowest.name,
        slowest_panel_p95_ms: Number(slowest.p95.toFixed(1)),
      }),
    )
  } finally {
    await app.close()
  }
}
