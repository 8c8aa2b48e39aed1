import {
  IconBuildingStore,
  IconChartBar,
  IconFileImport,
  IconClipboardCheck,
  IconHistory,
  IconListDetails,
  IconPlugConnected,
  IconSend,
  IconSettings,
  IconUsers,
} from '@tabler/icons-react'
import type { ComponentType, ReactNode } from 'react'
import type { Permission } from '../../../shared/domain/permissions'
import { ActivityPage } from '../features/activity/ActivityPage'
import { AuditQueuePage } from '../features/audit/AuditQueuePage'
import { ImportPage } from '../features/imports/ImportPage'
import { CustomersPage } from '../features/customers/CustomersPage'
import { DeliveriesPage } from '../features/deliveries/DeliveriesPage'
import { CUSTOMER_VIEW_ROUTE, CustomerViewPage } from '../features/leads/customer-view'
import { LeadsPage } from '../features/leads/LeadsPage'
import { MarketplacePage } from '../features/marketplace/MarketplacePage'
import { ReportsPage } from '../features/reports/ReportsPage'
import { SettingsPage } from '../features/settings/SettingsPage'
import { SourcesPage } from '../features/sources/SourcesPage'

export interface NavRoute {
  path: string
  label: string
  icon: ReactNode
  page: ComponentType
  /** Hidden from the navigation for users without it; the main process checks regardless. */
  permission?: Permission
  /** Reached by links only (e.g. a customer's lead list), not listed in the navigation. */
  hidden?: boolean
}

export const NAV_ROUTES: NavRoute[] = [
  {
    path: '/reports',
    label: 'Reports',
    icon: <IconChartBar size={18} />,
    page: ReportsPage,
    permission: 'reports.view',
  },
  { path: '/leads', label: 'Leads', icon: <IconListDetails size={18} />, page: LeadsPage },
  {
    path: '/audit',
    label: 'Audit',
    icon: <IconClipboardCheck size={18} />,
    page: AuditQueuePage,
  },
  {
    path: '/marketplace',
    label: 'Marketplace',
    icon: <IconBuildingStore size={18} />,
    page: MarketplacePage,
  },
  {
    path: '/deliveries',
    label: 'Deliveries',
    icon: <IconSend size={18} />,
    page: DeliveriesPage,
  },
  {
    path: '/imports',
    label: 'Import',
    icon: <IconFileImport size={18} />,
    page: ImportPage,
    permission: 'leads.import',
  },
  {
    path: '/customers',
    label: 'Customers',
    icon: <IconUsers size={18} />,
    page: CustomersPage,
  },
  {
    path: '/sources',
    label: 'Sources',
    icon: <IconPlugConnected size={18} />,
    page: SourcesPage,
  },
  {
    path: '/activity',
    label: 'Activity',
    icon: <IconHistory size={18} />,
    page: ActivityPage,
    permission: 'settings.manage',
  },
  {
    path: '/settings',
    label: 'Settings',
    icon: <IconSettings size={18} />,
    page: SettingsPage,
    permission: 'settings.manage',
  },
  { path: CUSTOMER_VIEW_ROUTE, label: 'Customer leads', icon: null, page: CustomerViewPage, hidden: true },
]
