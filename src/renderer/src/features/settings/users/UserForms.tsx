import { Button, Group, Modal, PasswordInput, Select, Stack, TextInput } from '@mantine/core'
import { useState } from 'react'
import type { RoleDef, UserDef } from '../../../../../shared/api/settings/users'
import { useSave } from '../shared/useSave'

export function NewUserModal(props: { roles: RoleDef[]; onClose: () => void }) {
  const [name, setName] = useState('')
  const [email, setEmail] = useState('')
  const [roleId, setRoleId] = useState<string | null>(
    props.roles.find((r) => r.name === 'Operator')?.id.toString() ?? null,
  )
  const [password, setPassword] = useState('')
  const create = useSave('users/create', {
    success: (u) => `${u.name} can now sign in`,
    areas: ['users', 'roles'],
    onSuccess: props.onClose,
  })
  return (
    <Modal opened onClose={props.onClose} title="Add a user">
      <form
        onSubmit={(e) => {
          e.preventDefault()
          create.mutate({ name, email, roleId: Number(roleId), password })
        }}
      >
        <Stack>
          <TextInput
            label="Name"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            data-autofocus
            required
          />
          <TextInput
            label="Email"
            type="email"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            required
          />
          <Select
            label="Role"
            data={props.roles.map((r) => ({ value: String(r.id), label: r.name }))}
            value={roleId}
            onChange={setRoleId}
            allowDeselect={false}
          />
          <PasswordInput
            label="First password"
            description="At least 8 characters; tell the user to change it"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            required
          />
          <Group justify="flex-end">
            <Button type="submit" loading={create.isPending}>
              Add user
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}

export function ResetPasswordModal(props: { user: UserDef; onClose: () => void }) {
  const [password, setPassword] = useState('')
  const reset = useSave('users/resetPassword', {
    success: 'Password reset; the user was signed out',
    onSuccess: props.onClose,
  })
  return (
    <Modal opened onClose={props.onClose} title={`Reset the password of ${props.user.name}`}>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          reset.mutate({ id: props.user.id, password })
        }}
      >
        <Stack>
          <PasswordInput
            label="New password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            data-autofocus
            required
          />
          <Group justify="flex-end">
            <Button type="submit" loading={reset.isPending}>
              Reset password
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
