import { createServer, type RequestListener, type Server, STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import { Transform, type TransformCallback } from 'node:stream'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

/** An error a hook or handler throws to answer with this status; fastify's error handler sends it. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly code = 'VALIDATION',
  ) {
    super(message)
  }
}

export interface Timeouts {
  /** Time a client gets to send its headers. */
  headersMs: number
  /** Time a client gets to send the whole request, body included. */
  requestMs: number
}

export const DEFAULT_TIMEOUTS: Timeouts = { headersMs: 10_000, requestMs: 30_000 }

/**
 * The node:http server under fastify: headers and whole requests are timed (a trickling client
 * gets a 408 instead of holding a connection for minutes), checked every second rather than
 * Node's default 30 s, and the headers may not exceed 16 KB (431).
 */
export function serverFactory(timeouts: Timeouts) {
  return (handler: RequestListener): Server =>
    createServer(
      {
        headersTimeout: timeouts.headersMs,
        requestTimeout: timeouts.requestMs,
        connectionsCheckingInterval: Math.min(1000, timeouts.requestMs),
        maxHeaderSize: 16 * 1024,
      },
      handler,
    )
}

/**
 * Requests Node refuses before fastify routes them (malformed, headers too large, too slow): one
 * logged line and a bare 4xx, never an exception. Given to fastify as `clientErrorHandler`.
 */
export function clientErrorHandler(this: FastifyInstance, error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const status =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? 431
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' || error.code === 'ERR_HTTP_HEADERS_TIMEOUT'
        ? 408
        : 400
  this.log.warn({ status, reason: error.code ?? error.message }, 'request refused before routing')
  const answering = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent
  if (socket.writable && !answering)
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
  socket.destroy()
}

/** Passes a body through while counting it; past `limit` bytes it fails with 413 and stops reading. */
export function limitStream(limit: number): Transform {
  let size = 0
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      size += chunk.length
      if (size > limit) callback(new HttpError(413, `The request body is larger than ${Math.round(limit / 1024)} KB`))
      else callback(null, chunk)
    },
  })
}

/** The media type of a request without its parameters, lower-cased ('' when absent). */
export function mediaType(request: FastifyRequest): string {
  const header = request.headers['content-type'] ?? ''
  return header.split(';', 1)[0]?.trim().toLowerCase() ?? ''
}

/**
 * Every answer of 400 or more is logged once, with the reason it was refused; the query string is
 * left out because event streams and downloads carry tokens there.
 */
export function logFailures(fastify: FastifyInstance, reasons: WeakMap<object, string>): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode
    if (status >= 400) {
      const line = {
        status,
        method: request.method,
        path: request.url.split('?', 1)[0],
        ip: request.ip,
        reason: reasons.get(request),
      }
      if (status >= 500) request.log.error(line, 'request failed')
      else request.log.warn(line, 'request refused')
    }
    done()
  })
}

/**
 * A URL fastify cannot route (bad percent-encoding, an over-long parameter): logged once and
 * answered 400 in the host's own error shape. Given to fastify as `frameworkErrors`.
 */
export function frameworkErrors(body: (message: string) => unknown) {
  return (error: Error & { statusCode?: number }, request: FastifyRequest, reply: FastifyReply): void => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400
    request.log.warn(
      { status, method: request.method, ip: request.ip, reason: error.message.slice(0, 200) },
      'request refused',
    )
    void reply.code(status).send(body('The address is not valid'))
  }
}

/** Whether the query string decodes: a stray `%` or broken UTF-8 in it is a malformed request. */
export function queryDecodes(url: string): boolean {
  const at = url.indexOf('?')
  if (at === -1) return true
  try {
    decodeURIComponent(url.slice(at + 1).replace(/\+/g, ' '))
    return true
  } catch {
    return false
  }
}
