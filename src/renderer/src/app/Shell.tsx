import { AppShell, Avatar, Group, Menu, NavLink, ScrollArea, Text, ThemeIcon, UnstyledButton } from '@mantine/core'
import { IconChevronDown, IconLogout, IconRoute } from '@tabler/icons-react'
import { useEffect } from 'react'
import { Link, Navigate, Route, Routes, useLocation } from 'react-router'
import { ErrorBoundary } from '../components/ErrorBoundary'
import { useSession } from '../features/auth/session'
import { OfflineBanner } from '../features/client/OfflineBanner'
import { useClientStatus } from '../features/client/queries'
import { WindowDropZone } from '../features/imports/WindowDropZone'
import { ColorSchemeToggle } from './ColorSchemeToggle'
import { NAV_ROUTES } from './routes'

function UserMenu() {
  const session = useSession()
  const initials = session.user.name
    .split(/\s+/)
    .map((w) => w[0])
    .join('')
    .slice(0, 2)
    .toUpperCase()
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label="Account">
          <Group gap={8}>
            <Avatar size="sm" color="teal" radius="xl">
              {initials}
            </Avatar>
            <div>
              <Text size="sm" fw={500} lh={1.1}>
                {session.user.name}
              </Text>
              <Text size="xs" c="dimmed" lh={1.1}>
                {session.user.role}
              </Text>
            </div>
            <IconChevronDown size={14} />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{session.user.email}</Menu.Label>
        <Menu.Item leftSection={<IconLogout size={16} />} onClick={session.signOut}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  )
}

export function Shell() {
  const session = useSession()
  const location = useLocation()
  const routes = NAV_ROUTES.filter((r) => !r.permission || session.can(r.permission))
  const server = useClientStatus()
  const offline = server !== null && !server.online
  const workspace = server ? `${session.workspaceName} · ${server.url}` : session.workspaceName
  useEffect(() => {
    document.title = `${workspace} — Leadline`
  }, [workspace])

  return (
    <AppShell header={{ height: offline ? 96 : 56 }} navbar={{ width: 220, breakpoint: 0 }} padding="lg">
      <AppShell.Header>
        {server && <OfflineBanner status={server} />}
        <Group h={56} px="md" justify="space-between">
          <Group gap="xs">
            <ThemeIcon radius="md">
              <IconRoute size={18} />
            </ThemeIcon>
            <Text fw={700}>Leadline</Text>
            <Text c="dimmed" size="sm" data-testid="workspace-name">
              {session.workspaceName}
            </Text>
            {server && (
              <Text c="dimmed" size="sm" data-testid="workspace-server">
                {server.url}
              </Text>
            )}
          </Group>
          <Group gap="sm">
            <ColorSchemeToggle />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        <ScrollArea>
          {routes
            .filter((r) => !r.hidden)
            .map((r) => (
              <NavLink
                key={r.path}
                label={r.label}
                leftSection={r.icon}
                active={location.pathname.startsWith(r.path)}
                component={Link}
                to={r.path}
                style={{ borderRadius: 'var(--mantine-radius-md)' }}
              />
            ))}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        <ErrorBoundary key={location.pathname}>
          <Routes>
            {routes.map((r) => (
              <Route key={r.path} path={`${r.path}/*`} element={<r.page />} />
            ))}
            {/* The first screen: the dashboard for those who may see it, else the leads. */}
            <Route path="*" element={<Navigate to={session.can('reports.view') ? '/reports' : '/leads'} replace />} />
          </Routes>
        </ErrorBoundary>
      </AppShell.Main>
      <WindowDropZone />
    </AppShell>
  )
}
