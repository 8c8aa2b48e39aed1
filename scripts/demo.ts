/**
 * npm run demo -- --workspace FILE --leads N [--seed S]
 * Creates a demo workspace and prints, as its last line, the JSON needed to sign in and send leads.
 */
import { runDemo } from '../src/main/demo/run'

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : undefined
}

async function main(): Promise<void> {
  const workspace = arg('workspace')
  const leads = Number(arg('leads') ?? '2000')
  const seed = arg('seed')
  if (!workspace || !Number.isInteger(leads) || leads < 0) {
    console.error('Usage: npm run demo -- --workspace FILE --leads N [--seed S]')
    process.exit(2)
  }
  const started = Date.now()
  const result = await runDemo({
    workspace,
    leads,
    seed: seed === undefined ? undefined : Number(seed),
    log: (line) => console.log(line),
  })
  console.log(`Demo workspace ready in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  console.log(JSON.stringify(result))
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  },
)
