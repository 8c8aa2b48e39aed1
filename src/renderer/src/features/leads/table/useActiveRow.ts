import { type RefObject, useLayoutEffect } from 'react'
import './leads-grid.css'

/**
 * Marks the highlighted row (arrow keys, the last row clicked) on its element, with `data-active`.
 * Set here rather than through the table's row props, so moving the highlight does not render the
 * fifty rows again. Rows are kept by their place on the page, so the mark stays right as pages turn.
 */
export function useActiveRow(body: RefObject<HTMLTableSectionElement | null>, active: number, rowCount: number): void {
  useLayoutEffect(() => {
    const row = active >= 0 ? body.current?.children[active] : undefined
    row?.setAttribute('data-active', 'true')
    return () => row?.removeAttribute('data-active')
  }, [body, active, rowCount])
}
