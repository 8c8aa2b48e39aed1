/**
 * The settings checks that read stored leads, measured through the dispatcher as the screens call
 * them: the lead-type dry-run over a category's 10,000 most recent leads, and the field-change
 * check over up to 100,000 of them. The leads are inserted directly (this measures the checks, not
 * intake). A 5 ms timer in the same process reports the longest event-loop stall of each call.
 *
 *   npm run bench -- settings         LEADS=100000 by default
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createApp } from '../src/main/host/app'
import { withSqliteWorkspace } from './support-bulk'

const LEADS = Number(process.env.LEADS ?? 100_000)
const RUNS = Number(process.env.RUNS ?? 5)
const STATES = ['CA', 'NV', 'TX', 'NY', 'OR', 'FL', 'WA', 'AZ']

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

/** Runs `fn` and reports its time and the longest gap a 5 ms timer saw meanwhile. */
async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; stallMs: number; result: T }> {
  let last = performance.now()
  let stall = 0
  const timer = setInterval(() => {
    const now = performance.now()
    stall = Math.max(stall, now - last - 5)
    last = now
  }, 5)
  const started = performance.now()
  const result = await fn()
  const ms = performance.now() - started
  clearInterval(timer)
  stall = Math.max(stall, performance.now() - last - 5)
  return { ms, stallMs: Math.max(0, stall), result }
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'leadline-bench-settings-'))
  const file = join(dir, 'workspace.db')
  const app = await createApp({ workspace: file })
  try {
    const call = async <T>(method: string, input: unknown, token: string | null): Promise<T> => {
      const r = await app.dispatch(method, input, token)
      if (!r.ok) throw new Error(`${method}: ${r.error.message}`)
      return r.data as T
    }
    const { token } = await call<{ token: string }>(
      'auth/setup',
      { name: 'Bench', email: 'bench@example.com', password: 'bench-password' },
      null,
    )
    const category = await call<{ id: number }>('categories/create', { name: 'Auto' }, token)
    for (const key of ['cars', 'credit_score'])
      await call('categories/saveField', { categoryId: category.id, field: { key, label: key, type: 'number' } }, token)
    const ca = await call<{ id: number }>(
      'leadTypes/create',
      {
        categoryId: category.id,
        name: 'California',
        conditions: { match: 'all', conditions: [{ field: 'state', op: 'equals', value: 'CA' }] },
      },
      token,
    )
    await call('leadTypes/create', { categoryId: category.id, name: 'Other', isFallback: true }, token)

    // The stored leads through the SQLite loader's own connection, beside the (idle) app.
    withSqliteWorkspace(file, (db) => {
      const insert = db.prepare(
        `INSERT INTO leads (uuid, status, category_id, lead_type_id, first_name, last_name, email, phone, state, zip,
        details, created_at, updated_at) VALUES (?, 'Unassigned', ?, ?, ?, 'Test', ?, ?, ?, ?, ?, ?, ?)`,
      )
      db.transaction(() => {
        for (let i = 0; i < LEADS; i++) {
          const state = STATES[i % STATES.length]!
          const details = JSON.stringify({
            cars: (i % 4) + 1,
            ...(i % 9 === 0 ? {} : { credit_score: 500 + ((i * 37) % 350) }),
          })
          insert.run(
            `bench-${i}`,
            category.id,
            state === 'CA' ? ca.id : null,
            `Lead${i}`,
            `lead${i}@example.com`,
            `+1415555${String(i % 10000).padStart(4, '0')}`,
            state,
            String(90000 + (i % 9999)).padStart(5, '0'),
            details,
            1_700_000_000_000 + i * 1000,
            1_700_000_000_000 + i * 1000,
          )
        }
      })()
    })

    const types = [
      {
        name: 'Prime',
        conditions: {
          match: 'all',
          conditions: [
            { field: 'credit_score', op: 'between', value: [720, 900] },
            {
              match: 'any',
              conditions: [
                { field: 'cars', op: 'lt', value: 3 },
                { field: 'state', op: 'in', value: ['TX', 'FL'] },
              ],
            },
          ],
        },
      },
      {
        id: ca.id,
        name: 'California',
        conditions: { match: 'any', conditions: [{ field: 'state', op: 'in', value: ['CA', 'OR'] }] },
      },
      { name: 'Other', isFallback: true },
    ]
    const dry: { ms: number; stallMs: number }[] = []
    let changed = 0
    for (let r = 0; r < RUNS; r++) {
      const t = await timed(() =>
        call<{ changed: number }>('leadTypes/dryRun', { categoryId: category.id, types }, token),
      )
      dry.push(t)
      changed = t.result.changed
    }
    const detail = await call<{ fields: { id: number; key: string }[] }>('categories/get', { id: category.id }, token)
    const fieldId = detail.fields.find((f) => f.key === 'credit_score')?.id
    const impact: { ms: number; stallMs: number }[] = []
    let invalid = 0
    for (let r = 0; r < RUNS; r++) {
      const t = await timed(() =>
        call<{ invalid: number }>(
          'categories/fieldImpact',
          {
            categoryId: category.id,
            fieldId,
            field: {
              key: 'credit_score',
              label: 'Credit score',
              type: 'number',
              required: true,
              validation: { min: 550 },
            },
          },
          token,
        ),
      )
      impact.push(t)
      invalid = t.result.invalid
    }
    // The same timer while the process does nothing: what the machine's load alone costs.
    const idle = await timed(() => new Promise((resolve) => setTimeout(resolve, 1000)))
    console.log(
      JSON.stringify({
        bench: 'settings',
        leads: LEADS,
        dry_run_leads: Math.min(LEADS, 10_000),
        dry_run_changed: changed,
        dry_run_ms: Math.round(median(dry.map((d) => d.ms))),
        dry_run_max_stall_ms: Math.round(Math.max(...dry.map((d) => d.stallMs))),
        field_impact_leads: Math.min(LEADS, 100_000),
        field_impact_invalid: invalid,
        field_impact_ms: Math.round(median(impact.map((d) => d.ms))),
        field_impact_max_stall_ms: Math.round(Math.max(...impact.map((d) => d.stallMs))),
        idle_max_stall_ms: Math.round(idle.stallMs),
      }),
    )
  } finally {
    await app.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
