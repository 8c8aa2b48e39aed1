import { useState } from 'react'
import { PageHeader } from '../../components/PageHeader'
import { LeadDetailDrawer } from './detail/LeadDetailDrawer'
import { LeadsTable } from './table/LeadsTable'

export function LeadsPage() {
  const [openId, setOpenId] = useState<number | null>(null)
  return (
    <>
      <PageHeader
        title="Leads"
        description="Every lead of the workspace. ↑/↓ move, Space selects, Enter opens, / searches."
      />
      <LeadsTable storageKey="leads-table" onOpen={setOpenId} covered={openId !== null} />
      <LeadDetailDrawer leadId={openId} onClose={() => setOpenId(null)} />
    </>
  )
}
