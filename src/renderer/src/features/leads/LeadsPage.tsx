import { useCallback, useRef, useState } from 'react'
import { useSearchParams } from 'react-router'
import { PageHeader } from '../../components/PageHeader'
import { LeadDetailDrawer } from './detail/LeadDetailDrawer'
import { usePrefetchLead } from './detail/usePrefetchLead'
import { LeadsTable } from './table/LeadsTable'
import { filterFromSearch } from './table/url-filter'

export function LeadsPage() {
  const [openId, setOpenId] = useState<number | null>(null)
  // Read only when the detail steps to the next lead: kept in a ref, so a page turn does not render
  // this page (and the closed drawer) again.
  const pageIds = useRef<number[]>([])
  const onPageIds = useCallback((ids: number[]) => {
    pageIds.current = ids
  }, [])
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
      const at = openId === null ? -1 : pageIds.current.indexOf(openId)
      const next = pageIds.current[at + delta]
      if (next !== undefined) open(next)
    },
    [openId, open],
  )
  const close = useCallback(() => setOpenId(null), [])
  const [search, setSearch] = useSearchParams()
  const incoming = filterFromSearch(search)
  const applied = useCallback(() => setSearch({}, { replace: true }), [setSearch])
  return (
    <>
      <PageHeader
        title="Leads"
        description="Every lead of the workspace. ↑/↓ move, Space selects, Enter opens, / searches."
      />
      <LeadsTable
        storageKey="leads-table"
        onOpen={open}
        onPageIds={onPageIds}
        covered={openId !== null}
        incomingFilter={incoming}
        onIncomingApplied={applied}
      />
      <LeadDetailDrawer leadId={openId} onClose={close} onStep={step} />
    </>
  )
}
