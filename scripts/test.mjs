// Every test: typecheck, lint, build, unit and integration tests (on SQLite, and on PostgreSQL
// where a server is available), then the end-to-end tests in Chromium (their PostgreSQL project too).
// The server is LEADLINE_TEST_PG, else the local socket when it answers; without one the
// PostgreSQL runs are skipped, saying so.
import { spawnSync } from 'node:child_process'
import { userInfo } from 'node:os'
import pg from 'pg'

const SOCKET = '/var/run/postgresql'

async function answers(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 })
  client.on('error', () => {})
  try {
    await client.connect()
    await client.query('SELECT 1')
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => undefined)
  }
}

function run(command, args) {
  console.log(`\n> ${[command, ...args].join(' ')}`)
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env, shell: false })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

const local = `postgres://${userInfo().username}@/postgres?host=${SOCKET}`
if (!process.env.LEADLINE_TEST_PG && (await answers(local))) process.env.LEADLINE_TEST_PG = local
if (process.env.LEADLINE_TEST_PG) {
  console.log(`PostgreSQL for the tests: ${process.env.LEADLINE_TEST_PG}`)
} else {
  console.log(
    `No PostgreSQL (LEADLINE_TEST_PG is unset and ${SOCKET} does not answer): the PostgreSQL runs are skipped`,
  )
}

const npx = 'npx'
run('npm', ['run', 'typecheck'])
run('npm', ['run', 'lint'])
run('npm', ['run', 'build'])
const projects = ['unit', 'integration', ...(process.env.LEADLINE_TEST_PG ? ['integration-pg'] : [])]
run(npx, ['vitest', 'run', ...projects.flatMap((p) => ['--project', p])])
run(npx, ['playwright', 'test'])
