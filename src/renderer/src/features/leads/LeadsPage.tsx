import { useCallback, useState } from 'react'
import { PageHeader } from '../../components/PageHeader'
import { LeadDetailDrawer } from './detail/LeadDetailDrawer'
import { usePrefetchLead } from './detail/usePrefetchLead'
import { LeadsTable } from './table/LeadsTable'

export function LeadsPage() {
  const [openId, setOpenId] = useState<number | null>(null)
  const [pageIds, setPageIds] = useState<number[]>([])
  const prefetch = usePrefetchLead()
  const open = useCallback(
    (id: number) => {
      prefetch(id)
      setOpenId(id)
    },
    [prefetch],
  )
  const step = useCallback(
    (delta: 1 | -1) => {
      const at = openId === null ? -1 : pageIds.indexOf(openId)
      const next = pageIds[at + delta]
      if (next !== undefined) open(next)
    },
    [openId, pageIds, open],
  )
  const close = useCallback(() => setOpenId(null), [])
  return (
    <>
      <PageHeader
        title="Leads"
        description="Every lead of the workspace. ↑/↓ move, Space selects, Enter opens, / searches."
      />
      <LeadsTable storageKey="leads-table" onOpen={open} onPageIds={setPageIds} covered={openId !== null} />
      <LeadDetailDrawer leadId={openId} onClose={close} onStep={step} />
    </>
  )
}
