import { createHash, type Hash, randomUUID } from 'node:crypto'
import { appendFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AppError, notFound } from '../../../shared/api/errors'

/** Files larger than this are refused: split them. */
export const MAX_UPLOAD_BYTES = 1024 * 1024 * 1024

export interface Upload {
  id: string
  userId: number
  fileName: string
  path: string
  bytes: number
  done: boolean
  /** Written by the last validation: rejected rows with their reasons. */
  rejectedPath: string | null
  /** Data rows, once the whole file has been read. */
  rows: number | null
  /** SHA-256 of the whole file, once it is complete: finds an earlier import of the same file. */
  hash: string | null
  hashing: Hash | null
  createdAt: number
}

/**
 * Files arrive through the API in chunks (the page has no file system access) and are appended to
 * a temporary file that only the uploading operator can use.
 */
export class Uploads {
  private readonly uploads = new Map<string, Upload>()
  readonly dir: string

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'leadline-imports-'))
  }

  /** Uploads left behind (a closed window, a finished import) are removed after a day. */
  sweep(now: number, maxAgeMs = 24 * 3_600_000): void {
    for (const upload of [...this.uploads.values()]) {
      if (now - upload.createdAt > maxAgeMs) this.discard(upload.userId, upload.id)
    }
  }

  append(
    userId: number,
    input: { uploadId?: string | undefined; fileName: string; chunk: string; done: boolean },
  ): Upload {
    const bytes = Buffer.from(input.chunk, 'base64')
    let upload: Upload
    if (input.uploadId) {
      upload = this.get(userId, input.uploadId)
      if (upload.done) throw new AppError('INVALID_STATE', 'This upload is already complete')
    } else {
      const id = randomUUID()
      upload = {
        id,
        userId,
        fileName: input.fileName,
        path: join(this.dir, `${id}.csv`),
        bytes: 0,
        done: false,
        rejectedPath: null,
        rows: null,
        hash: null,
        hashing: createHash('sha256'),
        createdAt: Date.now(),
      }
      writeFileSync(upload.path, '')
      this.uploads.set(id, upload)
    }
    if (upload.bytes + bytes.length > MAX_UPLOAD_BYTES) {
      this.discard(userId, upload.id)
      throw new AppError('VALIDATION', 'The file is larger than 1 GB; split it into smaller files', {
        file: 'too large',
      })
    }
    if (bytes.length > 0) appendFileSync(upload.path, bytes)
    upload.hashing?.update(bytes)
    upload.bytes = statSync(upload.path).size
    upload.done = input.done
    if (upload.done) {
      upload.hash = upload.hashing?.digest('hex') ?? null
      upload.hashing = null
    }
    return upload
  }

  get(userId: number, id: string): Upload {
    const upload = this.uploads.get(id)
    if (!upload || upload.userId !== userId) throw notFound('Upload')
    return upload
  }

  complete(userId: number, id: string): Upload {
    const upload = this.get(userId, id)
    if (!upload.done) throw new AppError('INVALID_STATE', 'The file has not finished uploading')
    return upload
  }

  discard(userId: number, id: string): boolean {
    const upload = this.uploads.get(id)
    if (!upload || upload.userId !== userId) return false
    rmSync(upload.path, { force: true })
    if (upload.rejectedPath) rmSync(upload.rejectedPath, { force: true })
    this.uploads.delete(id)
    return true
  }

  close(): void {
    this.uploads.clear()
    rmSync(this.dir, { recursive: true, force: true })
  }
}
