import { call } from '../../api/client'

/** 6 MB of file per call (8 MB as base64), well inside the request limits of both transports. */
const CHUNK = 6 * 1024 * 1024

function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  }
  return btoa(binary)
}

/** Sends a file to the main process in chunks (the page has no file system of its own). */
export async function uploadFile(file: File, onProgress: (sent: number, total: number) => void): Promise<string> {
  let uploadId: string | undefined
  let sent = 0
  onProgress(0, file.size)
  do {
    const slice = file.slice(sent, sent + CHUNK)
    const bytes = new Uint8Array(await slice.arrayBuffer())
    sent += bytes.length
    const result = await call('imports/upload', {
      uploadId,
      fileName: file.name,
      chunk: toBase64(bytes),
      done: sent >= file.size,
    })
    uploadId = result.uploadId
    onProgress(sent, file.size)
  } while (sent < file.size)
  if (!uploadId) throw new Error('The file could not be sent')
  return uploadId
}
