export const ERROR_CODES = [
  'VALIDATION',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'INVALID_STATE',
  'UNAUTHENTICATED',
  /** A client of a team server that cannot reach it, for a call that needs the server. */
  'OFFLINE',
  'INTERNAL',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

/** What crosses the process boundary: plain data with a stable code. */
export interface ApiErrorData {
  code: ErrorCode
  message: string
  /** Field path → message, for VALIDATION. */
  fields?: Record<string, string>
}

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ApiErrorData }

/** Thrown by services and handlers; the dispatcher turns it into an envelope. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message)
    this.name = 'AppError'
  }

  toData(): ApiErrorData {
    return this.fields
      ? { code: this.code, message: this.message, fields: this.fields }
      : { code: this.code, message: this.message }
  }

  static from(data: ApiErrorData): AppError {
    return new AppError(data.code, data.message, data.fields)
  }
}

export const notFound = (what: string): AppError => new AppError('NOT_FOUND', `${what} not found`)
export const invalidState = (message: string): AppError => new AppError('INVALID_STATE', message)
export const conflict = (message: string): AppError => new AppError('CONFLICT', message)
export const validation = (fields: Record<string, string>, message = 'Some fields are not valid'): AppError =>
  new AppError('VALIDATION', message, fields)
