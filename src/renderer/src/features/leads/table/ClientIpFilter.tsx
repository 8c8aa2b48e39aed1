import { TextInput } from '@mantine/core'
import { IconWorldSearch } from '@tabler/icons-react'
import { useEffect, useState } from 'react'

/**
 * The client IP filter: an address or its beginning (`203.0.113.`). Typing waits a moment before
 * the table asks again, as the search box does.
 */
export function ClientIpFilter(props: { value: string | undefined; onChange: (value: string | undefined) => void }) {
  const { value, onChange } = props
  const [text, setText] = useState(value ?? '')
  // Cleared or set from outside (Clear filters): show that, without an effect.
  const [shown, setShown] = useState(value)
  if (shown !== value) {
    setShown(value)
    setText(value ?? '')
  }
  useEffect(() => {
    const next = text.trim() || undefined
    if (next === value) return
    const t = setTimeout(() => onChange(next), 250)
    return () => clearTimeout(t)
  }, [text, value, onChange])
  return (
    <TextInput
      leftSection={<IconWorldSearch size={16} />}
      placeholder="IP address"
      aria-label="Client IP address"
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      maxLength={45}
      w={150}
    />
  )
}
