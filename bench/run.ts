/**
 * `npm run bench -- <name> [args…]` runs `bench/<name>.ts`. Each benchmark module exports
 * `run(args: string[]): Promise<void>` and prints one JSON line last.
 */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2)
  const available = readdirSync(__dirname)
    .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
    .map((f) => f.slice(0, -3))
  if (!name || !/^[\w-]+$/.test(name) || !existsSync(join(__dirname, `${name}.ts`))) {
    console.error(`Usage: npm run bench -- <name>   (available: ${available.join(', ') || 'none'})`)
    process.exit(2)
  }
  const mod = (await import(pathToFileURL(join(__dirname, `${name}.ts`)).href)) as {
    run?: (args: string[]) => Promise<void>
    default?: { run?: (args: string[]) => Promise<void> }
  }
  const run = mod.run ?? mod.default?.run
  if (!run) {
    console.error(`bench/${name}.ts does not export run(args)`)
    process.exit(2)
  }
  await run(args)
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
