import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useState } from 'react'
import { ApiError, call } from '../../api/client'
import { AuthLayout } from './AuthLayout'

export function SetupPage(props: { onDone: () => void }) {
  const [error, setError] = useState<string | null>(null)
  const form = useForm({
    initialValues: { workspaceName: '', name: '', email: '', password: '', confirm: '' },
    validate: {
      name: (v) => (v.trim() ? null : 'Enter your name'),
      email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : 'Enter a valid email address'),
      password: (v) => (v.length >= 8 ? null : 'Use at least 8 characters'),
      confirm: (v, values) => (v === values.password ? null : 'The passwords do not match'),
    },
  })
  const [busy, setBusy] = useState(false)

  const submit = form.onSubmit(async (values) => {
    setBusy(true)
    setError(null)
    try {
      await call('auth/setup', {
        workspaceName: values.workspaceName.trim() || undefined,
        name: values.name,
        email: values.email,
        password: values.password,
      })
      props.onDone()
    } catch (e) {
      if (e instanceof ApiError && e.fields) form.setErrors(e.fields)
      setError(e instanceof Error ? e.message : String(e))
    } finally {
      setBusy(false)
    }
  })

  return (
    <AuthLayout
      title="Set up your workspace"
      subtitle="Create the first administrator. You can invite the rest of the team later."
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {error && <Alert color="red">{error}</Alert>}
          <TextInput label="Workspace name" placeholder="Acme Leads" {...form.getInputProps('workspaceName')} />
          <TextInput label="Your name" required autoFocus {...form.getInputProps('name')} />
          <TextInput label="Email" required type="email" autoComplete="username" {...form.getInputProps('email')} />
          <PasswordInput label="Password" required autoComplete="new-password" {...form.getInputProps('password')} />
          <PasswordInput
            label="Confirm password"
            required
            autoComplete="new-password"
            {...form.getInputProps('confirm')}
          />
          <Button type="submit" loading={busy} fullWidth>
            Create administrator
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  )
}
