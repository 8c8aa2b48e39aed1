import { connect } from 'node:net'

export interface RawAnswer {
  /** The status of the first response line, or 0 when the server closed without one. */
  status: number
  head: string
  body: string
  /** Bytes of the body this client managed to write before the answer (streamed sends only). */
  sent: number
}

/**
 * Sends bytes exactly as given (no client-side normalising of paths, headers or bodies) and reads
 * the first answer. `stream` keeps writing `chunk` until the server answers or `max` bytes went
 * out; A request whose body never
 * completes is left open, so the server's timeouts must end it.
 */
export function rawRequest(
  port: number,
  head: string,
  options: { body?: string | Buffer; stream?: { chunk: Buffer; max: number } } = {},
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    let received = ''
    let sent = 0
    let done = false
    const finish = (): void => {
      if (done) return
      done = true
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(received)?.[1] ?? 0)
      const split = received.indexOf('\r\n\r\n')
      socket.destroy()
      resolve({
        status,
        head: split === -1 ? received : received.slice(0, split),
        body: split === -1 ? '' : received.slice(split + 4),
        sent,
      })
    }
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1')
      const split = received.indexOf('\r\n\r\n')
      if (split === -1) return
      const length = /content-length: *(\d+)/i.exec(received.slice(0, split))?.[1]
      if (length !== undefined && Buffer.byteLength(received.slice(split + 4), 'latin1') >= Number(length)) finish()
    })
    socket.on('close', finish)
    socket.on('error', finish)
    socket.on('connect', () => {
      socket.write(head)
      if (options.body !== undefined) socket.write(options.body)
      const stream = options.stream
      if (!stream) return
      const pump = (): void => {
        while (!done && sent < stream.max) {
          sent += stream.chunk.length
          if (!socket.write(stream.chunk)) {
            socket.once('drain', pump)
            return
          }
        }
      }
      pump()
    })
  })
}
