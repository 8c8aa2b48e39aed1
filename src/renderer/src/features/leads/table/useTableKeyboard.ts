import { type RefObject, useEffect, useState } from 'react'

const typingIn = (el: EventTarget | null) =>
  el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName))

/**
 * Arrows move the highlighted row, Enter opens it, Space selects it, `/` jumps to the search box. Keys are ignored
 * while the operator types or while a dialog or drawer is open on top of the table.
 */
export function useTableKeyboard(options: {
  rowCount: number
  onOpen: (index: number) => void
  /** Space: select or unselect the highlighted row. */
  onToggle: (index: number) => void
  searchRef: RefObject<HTMLInputElement | null>
  enabled: boolean
}) {
  const [active, setActive] = useState(-1)
  const { rowCount, onOpen, onToggle, searchRef, enabled } = options

  useEffect(() => {
    if (!enabled) return
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return
      if (document.querySelector('[role="dialog"]')) return
      if (e.key === '/' && !typingIn(e.target)) {
        e.preventDefault()
        searchRef.current?.focus()
        return
      }
      if (typingIn(e.target) && e.key !== 'Escape') {
        // Leaving the search box with the arrow key starts moving through the rows.
        if (e.key === 'ArrowDown' && e.target === searchRef.current) {
          e.preventDefault()
          searchRef.current?.blur()
          setActive(0)
        }
        return
      }
      if (rowCount === 0) return
      if (e.key === 'ArrowDown' || e.key === 'j') {
        e.preventDefault()
        setActive((i) => Math.min(rowCount - 1, i + 1))
      } else if (e.key === 'ArrowUp' || e.key === 'k') {
        e.preventDefault()
        setActive((i) => Math.max(0, i - 1))
      } else if (e.key === 'Enter' && active >= 0) {
        e.preventDefault()
        onOpen(active)
      } else if (e.key === ' ' && active >= 0) {
        e.preventDefault()
        onToggle(active)
      }
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [rowCount, onOpen, onToggle, searchRef, enabled, active])

  return { active: active < rowCount ? active : rowCount - 1, setActive }
}
