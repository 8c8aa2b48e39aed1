import { type RefObject, useLayoutEffect, useRef } from 'react'

/**
 * When another page is shown, the table's top comes back into view (the operator turned the page at
 * the bottom). Before paint, so the new rows never show scrolled; only when the top is out of view.
 */
export function useScrollToTopOnPage(page: number, table: RefObject<HTMLElement | null>): void {
  const previous = useRef(page)
  useLayoutEffect(() => {
    if (previous.current === page) return
    previous.current = page
    const el = table.current
    // The scroll margin keeps the table clear of the fixed header; above that line it is out of view.
    if (el && el.getBoundingClientRect().top < parseFloat(getComputedStyle(el).scrollMarginTop || '0')) {
      el.scrollIntoView({ block: 'start' })
    }
  }, [page, table])
}
