import type { Migration } from '../../migrate'

/** SQLite's 061_settle_permission: the built-in roles that return leads also settle unknown posts. */
export const settlePermission: Migration = {
  name: '061_settle_permission',
  statements: [
    `UPDATE roles SET permissions = (permissions::jsonb || '["leads.settle"]'::jsonb)::text
      WHERE builtin = 1 AND name IN ('Admin', 'Manager', 'Operator')
        AND NOT permissions::jsonb @> '["leads.settle"]'::jsonb`,
  ],
}
