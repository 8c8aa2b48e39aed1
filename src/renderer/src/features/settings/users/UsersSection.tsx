import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Loader,
  Menu,
  Paper,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core'
import { IconDots, IconKey, IconPlus } from '@tabler/icons-react'
import { useState } from 'react'
import type { RoleDef, UserDef } from '../../../../../shared/api/settings/users'
import { PERMISSIONS, type Permission } from '../../../../../shared/domain/permissions'
import { useApiQuery } from '../../../api/hooks'
import { formatDateTime } from '../../../components/format'
import { useSession } from '../../auth/session'
import { useSave } from '../shared/useSave'
import { NewUserModal, ResetPasswordModal } from './UserForms'

const PERMISSION_LABELS: Record<Permission, string> = {
  'leads.view': 'View leads',
  'leads.edit': 'Edit leads',
  'leads.reclassify': 'Reclassify leads',
  'leads.return': 'Return leads',
  'leads.settle': 'Decide unknown post outcomes',
  'leads.reprocess': 'Reprocess leads',
  'leads.delete': 'Delete leads',
  'leads.export': 'Export leads',
  'leads.import': 'Import leads',
  'settings.manage': 'Manage settings',
  'wallets.adjust': 'Deposit and adjust wallets',
  'users.manage': 'Manage users and roles',
  'reports.view': 'View reports (volumes, revenue, forecasts)',
}

function UsersTable(props: { users: UserDef[]; roles: RoleDef[] }) {
  const session = useSession()
  const update = useSave('users/update', { success: 'User saved', areas: ['users', 'roles'] })
  const [resetting, setResetting] = useState<UserDef | null>(null)
  return (
    <Paper withBorder>
      {resetting && <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />}
      <Table verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Email</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Last sign-in</Table.Th>
            <Table.Th>Active</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.users.map((u) => (
            <Table.Tr key={u.id}>
              <Table.Td>
                {u.name}
                {u.id === session.user.id && (
                  <Badge size="xs" ml={6} variant="light">
                    you
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{u.email}</Table.Td>
              <Table.Td>
                <Select
                  aria-label={`Role of ${u.name}`}
                  size="xs"
                  data={props.roles.map((r) => ({ value: String(r.id), label: r.name }))}
                  value={String(u.roleId)}
                  allowDeselect={false}
                  onChange={(v) => update.mutate({ id: u.id, roleId: Number(v) })}
                  w={150}
                />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatDateTime(u.lastLoginAt)}</Text>
              </Table.Td>
              <Table.Td>
                <Switch
                  aria-label={`${u.name} active`}
                  checked={u.active}
                  disabled={u.id === session.user.id}
                  onChange={(e) => update.mutate({ id: u.id, active: e.currentTarget.checked })}
                />
              </Table.Td>
              <Table.Td>
                <Menu position="bottom-end">
                  <Menu.Target>
                    <Button size="compact-sm" variant="subtle" aria-label={`More for ${u.name}`}>
                      <IconDots size={16} />
                    </Button>
                  </Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Item leftSection={<IconKey size={14} />} onClick={() => setResetting(u)}>
                      Reset password
                    </Menu.Item>
                  </Menu.Dropdown>
                </Menu>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  )
}

/** Every permission against every role; a tick saves at once. Admin cannot lose users.manage. */
function RolesMatrix(props: { roles: RoleDef[] }) {
  const update = useSave('roles/update', { success: 'Role saved', areas: ['roles', 'users'] })
  const create = useSave('roles/create', { success: 'Role added', areas: ['roles'] })
  const [name, setName] = useState('')
  // The tick shows at once; it goes back if the main process refuses the change.
  const [pending, setPending] = useState<Record<string, boolean>>({})
  const toggle = (role: RoleDef, p: Permission, on: boolean) => {
    const key = `${role.id}:${p}`
    setPending((all) => ({ ...all, [key]: on }))
    update.mutate(
      { id: role.id, permissions: on ? [...role.permissions, p] : role.permissions.filter((x) => x !== p) },
      {
        onSettled: () =>
          setPending((all) => {
            const { [key]: _done, ...rest } = all
            return rest
          }),
      },
    )
  }
  return (
    <Stack gap="xs">
      <Paper withBorder>
        <Table verticalSpacing={6} striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Permission</Table.Th>
              {props.roles.map((r) => (
                <Table.Th key={r.id} ta="center">
                  {r.name}
                  <Text size="xs" c="dimmed" fw={400}>
                    {r.userCount} user{r.userCount === 1 ? '' : 's'}
                  </Text>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {PERMISSIONS.map((p) => (
              <Table.Tr key={p}>
                <Table.Td>
                  <Text size="sm">{PERMISSION_LABELS[p]}</Text>
                  <Text size="xs" c="dimmed" ff="monospace">
                    {p}
                  </Text>
                </Table.Td>
                {props.roles.map((r) => {
                  const locked = r.name === 'Admin' && p === 'users.manage'
                  const box = (
                    <Checkbox
                      aria-label={`${r.name}: ${p}`}
                      checked={pending[`${r.id}:${p}`] ?? r.permissions.includes(p)}
                      disabled={locked}
                      onChange={(e) => toggle(r, p, e.currentTarget.checked)}
                      style={{ display: 'inline-block' }}
                    />
                  )
                  return (
                    <Table.Td key={r.id} ta="center">
                      {locked ? <Tooltip label="Admin always keeps users.manage">{<span>{box}</span>}</Tooltip> : box}
                    </Table.Td>
                  )
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          create.mutate({ name, permissions: ['leads.view'] }, { onSuccess: () => setName('') })
        }}
      >
        <Group>
          <TextInput
            aria-label="New role name"
            placeholder="New role name"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <Button type="submit" variant="light" disabled={!name.trim()} leftSection={<IconPlus size={16} />}>
            Add role
          </Button>
        </Group>
      </form>
    </Stack>
  )
}

export function UsersSection() {
  const users = useApiQuery('users/list', {})
  const roles = useApiQuery('roles/list', {})
  const [adding, setAdding] = useState(false)
  const error = users.error ?? roles.error
  if (error) return <Alert color="red">{error.message}</Alert>
  if (!users.data || !roles.data) return <Loader />
  return (
    <Stack>
      {adding && <NewUserModal roles={roles.data} onClose={() => setAdding(false)} />}
      <Group justify="space-between">
        <Title order={5}>Users</Title>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
          Add user
        </Button>
      </Group>
      <UsersTable users={users.data} roles={roles.data} />
      <Title order={5} mt="md">
        Roles and permissions
      </Title>
      <RolesMatrix roles={roles.data} />
    </Stack>
  )
}
