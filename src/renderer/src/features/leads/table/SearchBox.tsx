import { TextInput } from '@mantine/core'
import { IconSearch } from '@tabler/icons-react'
import { memo, type RefObject, useEffect, useState } from 'react'
import { SEARCH_DEBOUNCE_MS } from './timing'

/**
 * The search box keeps what is typed to itself, so a keystroke renders only the box; the search is
 * applied a moment after the last one, so each keystroke does not refetch.
 */
export const SearchBox = memo(function SearchBox(props: {
  /** The search applied to the table. */
  value: string | undefined
  onSearch: (search: string | undefined) => void
  inputRef: RefObject<HTMLInputElement | null>
}) {
  const { value, onSearch } = props
  const [text, setText] = useState(value ?? '')
  const [applied, setApplied] = useState(value)
  // Cleared or changed from outside (Clear filters): the box follows.
  if (applied !== value) {
    setApplied(value)
    if ((text.trim() || undefined) !== value) setText(value ?? '')
  }

  useEffect(() => {
    const next = text.trim() || undefined
    if (next === value) return
    const t = setTimeout(() => onSearch(next), SEARCH_DEBOUNCE_MS)
    return () => clearTimeout(t)
  }, [text, value, onSearch])

  return (
    <TextInput
      ref={props.inputRef}
      leftSection={<IconSearch size={16} />}
      placeholder="Search name, email or phone  ( / )"
      aria-label="Search leads"
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      w={280}
    />
  )
})
