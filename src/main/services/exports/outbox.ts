import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import type { FileDelivery } from '../../../shared/api/exports'
import type { Platform } from '../../host/platform'
import type { Clock } from '../deps'

/** Finished files wait this long for their download. */
const DOWNLOAD_TTL_MS = 15 * 60_000

interface Pending {
  path: string
  fileName: string
  token: Buffer
  expiresAt: number
}

/** Where a file being written should go, decided before writing starts. */
export type Destination =
  { kind: 'saved'; path: string; fileName: string } | { kind: 'download'; path: string; fileName: string }

/**
 * Hands finished files to the operator: on the desktop through the save dialog, in the browser
 * host as a one-time download (`GET /downloads/<id>?token=…`) the page opens.
 */
export class FileOutbox {
  private platform: Platform | null = null
  private readonly pending = new Map<string, Pending>()
  readonly dir: string

  constructor(private readonly clock: Clock) {
    this.dir = mkdtempSync(join(tmpdir(), 'leadline-files-'))
  }

  setPlatform(platform: Platform | null): void {
    this.platform = platform
  }

  /** A fresh temporary path inside the app's own folder. */
  tempPath(suffix: string): string {
    return join(this.dir, `${randomUUID()}${suffix}`)
  }

  /** Asks where to write; null = the operator dismissed the dialog. */
  async destination(fileName: string): Promise<Destination | null> {
    if (this.platform) {
      const path = await this.platform.chooseSaveFile(fileName)
      return path ? { kind: 'saved', path, fileName: basename(path) } : null
    }
    return { kind: 'download', path: this.tempPath('.csv'), fileName }
  }

  /** Publishes a file written to its destination. */
  publish(destination: Destination): FileDelivery {
    if (destination.kind === 'saved') return destination
    const id = randomUUID()
    const token = randomBytes(24)
    this.pending.set(id, {
      path: destination.path,
      fileName: destination.fileName,
      token,
      expiresAt: this.clock.now() + DOWNLOAD_TTL_MS,
    })
    return {
      kind: 'download',
      url: `/downloads/${id}?token=${token.toString('base64url')}`,
      fileName: destination.fileName,
    }
  }

  /** Delivers an existing temporary file (e.g. rejected rows): copied to the chosen place or offered for download. */
  async deliver(source: string, fileName: string): Promise<FileDelivery> {
    const destination = await this.destination(fileName)
    if (!destination) return { kind: 'cancelled' }
    copyFileSync(source, destination.path)
    return this.publish(destination)
  }

  /** The file behind a download link, once: the link stops working after it is taken. */
  take(id: string, token: string): { path: string; fileName: string; done: () => void } | null {
    this.expire()
    const entry = this.pending.get(id)
    if (!entry) return null
    const given = Buffer.from(token, 'base64url')
    if (given.length !== entry.token.length || !timingSafeEqual(given, entry.token)) return null
    this.pending.delete(id)
    return { path: entry.path, fileName: entry.fileName, done: () => rmSync(entry.path, { force: true }) }
  }

  discard(path: string): void {
    rmSync(path, { force: true })
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true })
  }

  private expire(): void {
    const now = this.clock.now()
    for (const [id, entry] of this.pending) {
      if (entry.expiresAt < now) {
        this.pending.delete(id)
        rmSync(entry.path, { force: true })
      }
    }
  }
}
