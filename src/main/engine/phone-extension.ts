/**
 * A phone with its extension (kept beside it as `<key>_ext`), written the way people write it,
 * `+15125550100 x12`; the phone alone when there is no extension.
 */
export function withExtension(phone: unknown, ext: unknown): unknown {
  return typeof phone === 'string' && phone !== '' && typeof ext === 'string' && ext !== '' ? `${phone} x${ext}` : phone
}
