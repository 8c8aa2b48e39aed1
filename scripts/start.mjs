// `npm start`: makes sure the desktop runtime is present, then builds and opens Leadline.
//  1. Electron's binary is skipped at install (so installs work offline); fetch it here.
//  2. better-sqlite3 in node_modules is built for Node (tests, browser host); build a second copy
//     for Electron's ABI under .electron-native/, which the desktop app loads.
//  3. Build the app when the sources are newer than the build, then start Electron.
import { spawn, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const require = createRequire(join(root, 'package.json'))
const OFFLINE_HINT =
  'Leadline cannot start the desktop app because the Electron runtime could not be downloaded (no internet access?); ' +
  'run `npm run serve -- --workspace FILE` and open the printed address in your browser instead.'

function fail(detail) {
  if (detail) console.error(detail)
  console.error(`\n${OFFLINE_HINT}`)
  process.exit(1)
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options })
  return result.status === 0
}

// 1. Electron runtime -------------------------------------------------------------------------
const electronDir = join(root, 'node_modules/electron')
const electronVersion = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version
function electronBinary() {
  const pathFile = join(electronDir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? binary : null
}
if (!electronBinary()) {
  console.log(`Downloading Electron ${electronVersion}…`)
  const download = spawnSync(process.execPath, [join(electronDir, 'install.js')], { cwd: root, encoding: 'utf8' })
  if (download.status !== 0 || !electronBinary()) {
    const reason = `${download.stderr}`.split('\n').find((line) => /error/i.test(line))
    fail(reason ? `(${reason.trim()})` : undefined)
  }
}

// 2. better-sqlite3 for Electron ----------------------------------------------------------------
const nativeDir = join(root, '.electron-native')
const nativeFile = join(nativeDir, 'better_sqlite3.node')
const stampFile = join(nativeDir, 'electron-version')
const stamp = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : ''
if (!existsSync(nativeFile) || stamp !== electronVersion) {
  console.log(`Building the database driver for Electron ${electronVersion}…`)
  const source = join(root, 'node_modules/better-sqlite3')
  const work = join(nativeDir, 'better-sqlite3')
  rmSync(work, { recursive: true, force: true })
  mkdirSync(nativeDir, { recursive: true })
  cpSync(source, work, { recursive: true, filter: (path) => !path.startsWith(join(source, 'build')) })
  const prebuilt = run(
    process.execPath,
    [require.resolve('prebuild-install/bin.js'), '--runtime', 'electron', '--target', electronVersion],
    { cwd: work },
  )
  const built =
    prebuilt ||
    run(
      'npm',
      ['exec', '--yes', '--', 'node-gyp', 'rebuild', '--release', `--target=${electronVersion}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'],
      { cwd: work },
    )
  const output = join(work, 'build/Release/better_sqlite3.node')
  if (!built || !existsSync(output)) fail('Building better-sqlite3 for Electron failed.')
  cpSync(output, nativeFile)
  writeFileSync(stampFile, electronVersion)
}

// 3. Build and start ----------------------------------------------------------------------------
function newest(dir) {
  let latest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs)
  }
  return latest
}
const mainBundle = join(root, 'out/main/index.js')
if (!existsSync(mainBundle) || newest(join(root, 'src')) > statSync(mainBundle).mtimeMs) {
  if (!run(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'])) process.exit(1)
}
const child = spawn(electronBinary(), [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' })
child.on('exit', (code) => process.exit(code ?? 0))
