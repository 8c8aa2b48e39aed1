/** Every permission the main process checks. The role matrix below is the default of a new workspace. */
export const PERMISSIONS = [
  'leads.view',
  'leads.edit',
  'leads.reclassify',
  'leads.return',
  /** Decide a post whose outcome is unknown: sold to that partner, or not sold. */
  'leads.settle',
  'leads.reprocess',
  'leads.delete',
  'leads.export',
  'leads.import',
  'settings.manage',
  'wallets.adjust',
  'users.manage',
  /** The reports dashboard: volumes, money, unsold reasons, forecasts. */
  'reports.view',
] as const

export type Permission = (typeof PERMISSIONS)[number]

export const DEFAULT_ROLES: Record<'Admin' | 'Manager' | 'Operator' | 'Viewer', readonly Permission[]> = {
  Admin: PERMISSIONS,
  Manager: PERMISSIONS.filter((p) => p !== 'leads.reprocess' && p !== 'users.manage'),
  Operator: [
    'leads.view',
    'leads.edit',
    'leads.reclassify',
    'leads.return',
    'leads.settle',
    'leads.export',
    'leads.import',
  ],
  Viewer: ['leads.view'],
}

export type RoleName = keyof typeof DEFAULT_ROLES
