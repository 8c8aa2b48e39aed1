import { useCallback, useState } from 'react'
import { PageHeader } from '../../components/PageHeader'
import { LeadDetailDrawer } from './detail/LeadDetailDrawer'
import { LeadsTable } from './table/LeadsTable'

export function LeadsPage() {
  const [openId, setOpenId] = useState<number | null>(null)
  const [pageIds, setPageIds] = useState<number[]>([])
  const step = useCallback(
    (delta: 1 | -1) =>
      setOpenId((id) => {
        const at = id === null ? -1 : pageIds.indexOf(id)
        return pageIds[at + delta] ?? id
      }),
    [pageIds],
  )
  return (
    <>
      <PageHeader
        title="Leads"
        description="Every lead of the workspace. ↑/↓ move, Space selects, Enter opens, / searches."
      />
      <LeadsTable storageKey="leads-table" onOpen={setOpenId} onPageIds={setPageIds} covered={openId !== null} />
      <LeadDetailDrawer leadId={openId} onClose={() => setOpenId(null)} onStep={step} />
    </>
  )
}
