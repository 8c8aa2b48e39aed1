import { IconTools } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { EmptyState } from './EmptyState'
import { PageHeader } from './PageHeader'

export function ComingSoon(props: { title: string; children: ReactNode }) {
  return (
    <>
      <PageHeader title={props.title} />
      <EmptyState icon={<IconTools size={28} />} title="Not available yet">
        {props.children}
      </EmptyState>
    </>
  )
}
