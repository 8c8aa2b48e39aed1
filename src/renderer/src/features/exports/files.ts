import { notifications } from '@mantine/notifications'
import type { FileDelivery } from '../../../../shared/api/exports'

/** Finishes a file the main process prepared: a download in the browser, a note where it was saved on the desktop. */
export function receiveFile(delivery: FileDelivery, summary?: string): void {
  if (delivery.kind === 'download') {
    const link = document.createElement('a')
    link.href = delivery.url
    link.download = delivery.fileName
    link.rel = 'noopener'
    document.body.append(link)
    link.click()
    link.remove()
    notifications.show({ color: 'teal', title: summary, message: `Downloading ${delivery.fileName}` })
  } else if (delivery.kind === 'saved') {
    notifications.show({ color: 'teal', title: summary ?? 'File saved', message: `Saved to ${delivery.path}` })
  }
}

export const newJobId = (prefix: string): string =>
  `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`
