import { Tabs } from '@mantine/core'
import {
  IconCategory,
  IconClipboardCheck,
  IconGauge,
  IconLock,
  IconPlugConnected,
  IconRoute2,
  IconServer,
  IconTags,
  IconUsersGroup,
} from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { useLocation, useNavigate } from 'react-router'
import type { Permission } from '../../../../shared/domain/permissions'
import { PageHeader } from '../../components/PageHeader'
import { useSession } from '../auth/session'
import { AuditSection } from './audit/AuditSection'
import { CategoriesSection } from './categories/CategoriesSection'
import { LeadTypesSection } from './lead-types/LeadTypesSection'
import { PartnersSection } from './partners/PartnersSection'
import { PlansSection } from './plans/PlansSection'
import { useLeadDrivenRefresh } from './shared/useLeadDrivenRefresh'
import { UsersSection } from './users/UsersSection'
import { IntakeSection } from './workspace/IntakeSection'
import { SignInSection } from './workspace/SignInSection'
import { SubscriptionSection } from './workspace/SubscriptionSection'

interface Section {
  slug: string
  label: string
  icon: ReactNode
  page: () => ReactNode
  permission: Permission
}

const SECTIONS: Section[] = [
  {
    slug: 'categories',
    label: 'Categories & fields',
    icon: <IconCategory size={16} />,
    page: CategoriesSection,
    permission: 'settings.manage',
  },
  {
    slug: 'lead-types',
    label: 'Lead types',
    icon: <IconTags size={16} />,
    page: LeadTypesSection,
    permission: 'settings.manage',
  },
  {
    slug: 'plans',
    label: 'Distribution plans',
    icon: <IconRoute2 size={16} />,
    page: PlansSection,
    permission: 'settings.manage',
  },
  {
    slug: 'partners',
    label: 'Partners',
    icon: <IconPlugConnected size={16} />,
    page: PartnersSection,
    permission: 'settings.manage',
  },
  {
    slug: 'audit',
    label: 'Audit & duplicates',
    icon: <IconClipboardCheck size={16} />,
    page: AuditSection,
    permission: 'settings.manage',
  },
  {
    slug: 'subscription',
    label: 'Subscription',
    icon: <IconGauge size={16} />,
    page: SubscriptionSection,
    permission: 'settings.manage',
  },
  {
    slug: 'users',
    label: 'Users & roles',
    icon: <IconUsersGroup size={16} />,
    page: UsersSection,
    permission: 'users.manage',
  },
  {
    slug: 'intake',
    label: 'Intake server',
    icon: <IconServer size={16} />,
    page: IntakeSection,
    permission: 'settings.manage',
  },
  {
    slug: 'sign-in',
    label: 'Sign-in',
    icon: <IconLock size={16} />,
    page: SignInSection,
    permission: 'settings.manage',
  },
]

/** One page, one tab per area; the tab is in the address (#/settings/<section>) so it survives a reload. */
export function SettingsPage() {
  const session = useSession()
  useLeadDrivenRefresh(['subscription'])
  const navigate = useNavigate()
  const location = useLocation()
  const sections = SECTIONS.filter((s) => session.can(s.permission))
  const slug = location.pathname.split('/')[2]
  const active = sections.find((s) => s.slug === slug) ?? sections[0]
  return (
    <>
      <PageHeader title="Settings" description="How this workspace takes, sorts and sells its leads." />
      <Tabs value={active?.slug ?? null} onChange={(v) => v && navigate(`/settings/${v}`)} keepMounted={false}>
        <Tabs.List mb="md">
          {sections.map((s) => (
            <Tabs.Tab key={s.slug} value={s.slug} leftSection={s.icon} px="xs" fz="sm">
              {s.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {sections.map((s) => (
          <Tabs.Panel key={s.slug} value={s.slug}>
            <s.page />
          </Tabs.Panel>
        ))}
      </Tabs>
    </>
  )
}
