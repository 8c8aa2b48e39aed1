/** "1 lead", "2 leads", "1,200 leads": the count with the noun agreeing with it. */
export function countOf(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`
}

/** The noun alone, agreeing with the count. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many
}
