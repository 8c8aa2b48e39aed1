/**
 * The leads table in Chromium on a 1,000,000-lead workspace: next page, jump to the last page, a
 * status filter, a sort, opening a lead with its decision trace, and a search, 30 times each.
 * Each figure is measured inside the page, from the action's first input event to the frame after
 * the DOM holds the new rows (requestAnimationFrame, then a task once that frame is painted).
 * Search is counted from the end of the search box's debounce.
 *
 *   npm run bench -- ui                 reuse .bench/ui-1m.db or build it (about 30 s)
 *   LEADS=200000 RUNS=10 npm run bench -- ui
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'
import { type Browser, chromium, type Page } from 'playwright-core'
import config from '../playwright.config'
import { SEARCH_DEBOUNCE_MS } from '../src/renderer/src/features/leads/table/timing'
import { armProbe, type ProbeArgs, type ProbeResult } from './ui-probe'
import { BENCH_USER, uiWorkspace } from './ui-workspace'

const LEADS = Number(process.env.LEADS ?? 1_000_000)
const RUNS = Number(process.env.RUNS ?? 30)
const ROOT = join(__dirname, '..')
const STATUSES = ['Assigned', 'Unassigned', 'Duplicate', 'Posted', 'Pending', 'Marketplace', 'Uncategorized']
const SURNAMES = `smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez
  wilson anderson thomas taylor moore jackson martin lee perez thompson white harris sanchez clark ramirez lewis robinson
  walker young allen king wright scott torres nguyen hill flores`.split(/\s+/)

/** The browser host on the workspace, built first when the sources are newer (scripts/serve.mjs). */
async function serve(workspace: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'scripts/serve.mjs'), '--workspace', workspace, '--port', '0', '--intake-port', '0'],
    // Its own process group, so that stopping it stops the server it starts too.
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], detached: true },
  )
  const url = await new Promise<string>((resolve, reject) => {
    let output = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const found = /Leadline listening on (http:\/\/\S+)/.exec(output)?.[1]
      if (found) resolve(found)
    })
    child.on('exit', (code) => reject(new Error(`browser host exited with ${code}:\n${output}`)))
  })
  return { url, child }
}

/** SIGTERM to the host's process group; SIGKILL if it has not closed the workspace within 10 s. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  process.kill(-child.pid, 'SIGTERM')
  const timer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}

function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return Math.round((sorted[Math.ceil(sorted.length * 0.95) - 1] ?? 0) * 10) / 10
}
const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)] ?? 0

/** Arms the probe, runs the action, and returns what the page measured. */
async function measure(page: Page, args: Omit<ProbeArgs, 'timeoutMs'>, action: () => Promise<void>) {
  await page.evaluate(armProbe, { ...args, timeoutMs: 30_000 })
  await action()
  return page.evaluate(() => window.__probe as Promise<ProbeResult>)
}

const rows = (page: Page) => page.locator('[data-testid^="lead-row-"]')
const rowIds = () =>
  Array.from(document.querySelectorAll<HTMLElement>('[data-testid^="lead-row-"]'), (e) => e.dataset['testid']).join()

/** Runs an unmeasured step and waits until the table shows other rows. */
async function settle(page: Page, action: () => Promise<void>): Promise<void> {
  const before = await page.evaluate(rowIds)
  await action()
  await page.waitForFunction((was) => {
    const now = Array.from(
      document.querySelectorAll<HTMLElement>('[data-testid^="lead-row-"]'),
      (e) => e.dataset['testid'],
    ).join()
    return now !== '' && now !== was
  }, before)
}

/** A fresh table (default filter, sort and page size; nothing cached) with its first page shown. */
async function freshTable(page: Page, url: string): Promise<void> {
  await page.evaluate(() => localStorage.removeItem('leadline.leads-table'))
  await page.goto(url)
  await rows(page).first().waitFor()
}

async function pickStatus(page: Page, status: string): Promise<void> {
  await page.getByRole('option', { name: status, exact: true }).click()
}

export async function run(_args: string[] = []): Promise<void> {
  const workspace = await uiWorkspace(LEADS)
  const { url, child } = await serve(workspace)
  let browser: Browser | undefined
  try {
    browser = await chromium.launch({ ...config.use?.launchOptions, headless: true })
    const page = await browser.newPage({ viewport: config.use?.viewport ?? { width: 1440, height: 900 } })
    // tsx compiles with esbuild's keepNames, which wraps the probe's inner functions in __name().
    await page.addInitScript('globalThis.__name = (f) => f')
    await page.goto(url)
    await page.getByLabel('Email').fill(BENCH_USER.email)
    await page.getByRole('textbox', { name: 'Password' }).fill(BENCH_USER.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await rows(page).first().waitFor()

    const results: Record<string, ProbeResult[]> = {
      next_page: [],
      last_page: [],
      filter: [],
      sort: [],
      open_lead: [],
      search: [],
    }
    const changed = { until: 'rows-changed', from: 'pointer' } as const
    const next = page.getByRole('button', { name: 'Next page' })
    // The last page's number in the pagination (the same control with or without first/last buttons).
    const last = page.getByRole('button', { name: String(Math.ceil(LEADS / 50)), exact: true })
    const status = page.getByRole('combobox', { name: 'Status' })

    // Next page, page after page: each page is new to the table.
    await freshTable(page, url)
    for (let i = 0; i < RUNS; i++) results.next_page?.push(await measure(page, changed, () => next.click()))

    for (let i = 0; i < RUNS; i++) {
      // The last page from a fresh table, after one page turn (the table has been used, nothing is cached).
      await freshTable(page, url)
      await settle(page, () => next.click())
      results.last_page?.push(await measure(page, changed, () => last.click()))

      // A status filter, after a first one (the dropdown stays open between the two).
      await freshTable(page, url)
      await status.click()
      const [first, second] = [STATUSES[i % STATUSES.length], STATUSES[(i + 3) % STATUSES.length]] as [string, string]
      await settle(page, () => pickStatus(page, first))
      results.filter?.push(await measure(page, changed, () => pickStatus(page, second)))
      await page.keyboard.press('Escape')

      // A sort, after a first one.
      await freshTable(page, url)
      await settle(page, () => page.getByRole('button', { name: /^Name/ }).click())
      const column = i % 2 ? /^Charged/ : /^Email/
      results.sort?.push(await measure(page, changed, () => page.getByRole('button', { name: column }).click()))
    }

    // Opening each lead of the first page in turn, with its decision trace.
    await freshTable(page, url)
    for (let i = 0; i < RUNS; i++) {
      const row = rows(page).nth(i % 50)
      results.open_lead?.push(
        await measure(page, { until: 'trace-shown', from: 'pointer' }, () => row.locator('td').nth(2).click()),
      )
      await page.keyboard.press('Escape')
      await page.getByTestId('lead-detail').waitFor({ state: 'detached' })
    }

    // Searches for a new name each time, measured after the debounce.
    const search = page.getByRole('textbox', { name: 'Search leads' })
    for (let i = 0; i < RUNS; i++) {
      const r = await measure(page, { until: 'rows-changed', from: 'input' }, () =>
        search.fill(SURNAMES[i % SURNAMES.length] ?? 'smith'),
      )
      results.search?.push({ ...r, ms: r.ms - SEARCH_DEBOUNCE_MS })
    }

    for (const [name, samples] of Object.entries(results)) {
      const ms = samples.map((s) => s.ms)
      const tasks = samples.flatMap((s) => s.longTasks)
      const requests = samples.flatMap((s) => (s.request ? [s.request] : []))
      process.stderr.write(
        `  ${name}: median ${median(ms).toFixed(1)} ms, p95 ${p95(ms)} ms, max ${Math.max(...ms).toFixed(1)} ms; ` +
          `request starts after ${median(requests.map((r) => r.startMs)).toFixed(1)} ms and takes ` +
          `${median(requests.map((r) => r.ms)).toFixed(1)} ms (medians); ` +
          `long tasks ${tasks.length} (longest ${tasks.length ? Math.max(...tasks) : 0} ms)\n`,
      )
    }
    const p = (name: string) => p95((results[name] ?? []).map((s) => s.ms))
    console.log(
      JSON.stringify({
        bench: 'ui',
        leads: LEADS,
        next_page_p95_ms: p('next_page'),
        last_page_p95_ms: p('last_page'),
        filter_p95_ms: p('filter'),
        sort_p95_ms: p('sort'),
        open_lead_p95_ms: p('open_lead'),
        search_p95_ms: p('search'),
      }),
    )
  } finally {
    await browser?.close()
    await stop(child)
  }
}
