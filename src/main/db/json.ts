/** JSON columns are parsed at the repository edge; a broken value reads as the fallback. */
export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback
  try {
    return JSON.parse(text) as T
  } catch {
    return fallback
  }
}

export const toBool = (value: number | null | undefined): boolean => value === 1
export const fromBool = (value: boolean): number => (value ? 1 : 0)
