import { createWriteStream } from 'node:fs'
import { basename } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { FileDelivery } from '../../shared/api/exports'
import type { Download } from '../host/backend'
import type { Platform } from '../host/platform'

const DOWNLOAD_URL = /^\/downloads\/([^?]+)\?token=(.+)$/

/** Where a method's answer carries a file the server offers as a one-time download. */
function deliveryOf(method: string, data: unknown): FileDelivery | null {
  if (method === 'exports/start') return (data as { delivery?: FileDelivery }).delivery ?? null
  if (method === 'imports/saveRejected') return data as FileDelivery
  return null
}

/**
 * On the desktop, a file the team server offers as a download is saved where the operator
 * chooses (the save dialog, as for a workspace file): the window has no page to download into.
 * The answer then says where it went, exactly as a local workspace's would.
 */
export async function saveDownloads(
  method: string,
  data: unknown,
  platform: Platform,
  download: (id: string, token: string) => Promise<Download | null>,
): Promise<unknown> {
  const delivery = deliveryOf(method, data)
  if (delivery?.kind !== 'download') return data
  const [, id, token] = DOWNLOAD_URL.exec(delivery.url) ?? []
  const path = await platform.chooseSaveFile(delivery.fileName)
  let saved: FileDelivery = { kind: 'cancelled' }
  if (path && id && token) {
    const file = await download(decodeURIComponent(id), decodeURIComponent(token))
    if (!file) throw new Error('The team server no longer offers this file')
    await pipeline(file.stream, createWriteStream(path))
    saved = { kind: 'saved', path, fileName: basename(path) }
  }
  return method === 'exports/start' ? { ...(data as object), delivery: saved } : saved
}
