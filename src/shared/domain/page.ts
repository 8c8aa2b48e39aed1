export interface Page<T> {
  total: number
  rows: T[]
}

export type SortDirection = 'asc' | 'desc'
