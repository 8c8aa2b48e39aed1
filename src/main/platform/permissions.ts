import type { Session } from 'electron'

/**
 * The only browser permission the app uses: writing to the clipboard (the copy buttons of lead
 * ids and API keys). Camera, microphone, geolocation, notifications, HID, serial, USB and the rest
 * are refused, whoever asks, so a page that got into a window could not reach them either.
 */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write'])

export function lockPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>) {
  session.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(ALLOWED_PERMISSIONS.has(permission)),
  )
  session.setPermissionCheckHandler((_contents, permission) => ALLOWED_PERMISSIONS.has(permission))
}
