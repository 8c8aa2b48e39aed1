import type { Migration } from '../migrate'

/** The built-in roles that return leads also decide posts whose outcome is unknown (`leads.settle`). */
export const settlePermission: Migration = {
  name: '061_settle_permission',
  statements: [
    `UPDATE roles SET permissions = json_insert(permissions, '$[#]', 'leads.settle')
      WHERE builtin = 1 AND name IN ('Admin', 'Manager', 'Operator')
        AND NOT EXISTS (SELECT 1 FROM json_each(roles.permissions) WHERE value = 'leads.settle')`,
  ],
}
