/**
 * npm run reports -- rebuild --workspace FILE | --database postgres://…
 * npm run reports -- check   --workspace FILE | --database postgres://…
 * `rebuild` repairs the reports' rollups (every Unassigned lead's reason read again from its trace,
 * the hourly rollup counted again from the leads) in one transaction; `check` only compares them
 * with a full scan and exits 1 when they differ. Both print one JSON line.
 */
import { openDatabase } from '../src/main/db/database'
import { ReportsRepository } from '../src/main/db/repositories/reports'
import { inTransaction } from '../src/main/db/transaction'

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : undefined
}

const USAGE = 'Usage: npm run reports -- <rebuild|check> (--workspace FILE | --database postgres://…)'

async function main(): Promise<number> {
  const command = process.argv[2]
  const target = arg('database') ?? arg('workspace')
  if ((command !== 'rebuild' && command !== 'check') || !target) {
    console.error(USAGE)
    return 2
  }
  const started = Date.now()
  const opened = await openDatabase({ target })
  try {
    const repo = new ReportsRepository(opened.dialect)
    if (command === 'rebuild') {
      const size = await inTransaction(opened.db, (trx) => repo.rebuild(trx))
      console.log(JSON.stringify({ rebuilt: true, ...size, ms: Date.now() - started }))
      return 0
    }
    const [stored, scanned, reasons] = await Promise.all([
      repo.stored(opened.db),
      repo.scanned(opened.db),
      repo.reasonMismatches(opened.db),
    ])
    let differing = 0
    for (const table of ['detailed', 'status', 'daily'] as const) {
      const have = new Set(stored[table].map((r) => JSON.stringify(r)))
      const want = new Set(scanned[table].map((r) => JSON.stringify(r)))
      differing += [...want].filter((k) => !have.has(k)).length + [...have].filter((k) => !want.has(k)).length
    }
    const ok = differing === 0 && reasons === 0
    console.log(
      JSON.stringify({
        ok,
        rows: stored.detailed.length,
        differingRows: differing,
        reasonMismatches: reasons,
        ms: Date.now() - started,
      }),
    )
    return ok ? 0 : 1
  } finally {
    await opened.close()
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  },
)
