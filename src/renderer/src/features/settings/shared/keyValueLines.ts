/** "key: value" lines ↔ a record; how headers and renames are typed. */
export function toLines(record: Record<string, string>, sep: string): string {
  return Object.entries(record)
    .map(([k, v]) => `${k}${sep}${v}`)
    .join('\n')
}

/** Lines without the separator, or with nothing before it, are skipped. */
export function fromLines(text: string, sep: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const line of text.split('\n')) {
    const i = line.indexOf(sep)
    if (i <= 0) continue
    out[line.slice(0, i).trim()] = line.slice(i + sep.length).trim()
  }
  return out
}
