/**
 * A Leadline process of its own for crash tests: opens the workspace file given as the first
 * argument the way the host does (createApp, resuming what a crash left), then distributes the lead
 * given as JSON in the second argument. The parent kills it with SIGKILL at the moment it wants to
 * test, then opens the same file again.
 */
import { createApp } from '../../src/main/host/app'

async function main(): Promise<void> {
  const [workspace, fields] = process.argv.slice(2)
  if (!workspace || !fields) throw new Error('usage: distribute-child <workspace> <lead fields as JSON>')
  const app = await createApp({ workspace, backgroundCheckpoints: false })
  const result = await app.services.distribution.ingest({
    sourceId: null,
    categorySlug: 'auto',
    fields: JSON.parse(fields) as Record<string, unknown>,
  })
  process.stdout.write(`${JSON.stringify({ status: result.status })}\n`)
  await app.close()
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
