import { ActionIcon, Group } from '@mantine/core'
import { IconArrowDown, IconArrowUp, IconGripVertical } from '@tabler/icons-react'
import { type ReactNode, useState } from 'react'

export function move<T>(items: T[], from: number, to: number): T[] {
  const next = [...items]
  const [item] = next.splice(from, 1)
  if (item !== undefined) next.splice(to, 0, item)
  return next
}

/**
 * A list reordered by dragging (plain HTML5 drag events) or by the up/down buttons, which also
 * serve the keyboard. Items render themselves; the list adds the handle and the buttons.
 */
export function SortableList<T>(props: {
  items: T[]
  itemKey: (item: T) => string | number
  itemLabel: (item: T) => string
  onReorder: (items: T[]) => void
  render: (item: T, index: number) => ReactNode
  disabled?: boolean
}) {
  const [dragging, setDragging] = useState<number | null>(null)
  const [over, setOver] = useState<number | null>(null)
  const { items } = props
  return (
    <div role="list">
      {items.map((item, index) => (
        <div
          role="listitem"
          key={props.itemKey(item)}
          data-testid="sortable-item"
          draggable={!props.disabled}
          onDragStart={(e) => {
            setDragging(index)
            e.dataTransfer.effectAllowed = 'move'
            e.dataTransfer.setData('text/plain', String(index))
          }}
          onDragOver={(e) => {
            if (dragging === null) return
            e.preventDefault()
            setOver(index)
          }}
          onDragEnd={() => {
            setDragging(null)
            setOver(null)
          }}
          onDrop={(e) => {
            e.preventDefault()
            if (dragging !== null && dragging !== index) props.onReorder(move(items, dragging, index))
            setDragging(null)
            setOver(null)
          }}
          style={{
            opacity: dragging === index ? 0.5 : 1,
            borderTop:
              over === index && dragging !== null && dragging > index
                ? '2px solid var(--mantine-color-teal-5)'
                : undefined,
            borderBottom:
              over === index && dragging !== null && dragging < index
                ? '2px solid var(--mantine-color-teal-5)'
                : undefined,
          }}
        >
          <Group gap={4} wrap="nowrap" align="flex-start">
            <Group gap={0} wrap="nowrap" pt={6}>
              <IconGripVertical
                size={16}
                style={{ cursor: 'grab', color: 'var(--mantine-color-dimmed)' }}
                aria-hidden
              />
              <ActionIcon
                variant="subtle"
                size="sm"
                color="gray"
                aria-label={`Move ${props.itemLabel(item)} up`}
                disabled={props.disabled || index === 0}
                onClick={() => props.onReorder(move(items, index, index - 1))}
              >
                <IconArrowUp size={14} />
              </ActionIcon>
              <ActionIcon
                variant="subtle"
                size="sm"
                color="gray"
                aria-label={`Move ${props.itemLabel(item)} down`}
                disabled={props.disabled || index === items.length - 1}
                onClick={() => props.onReorder(move(items, index, index + 1))}
              >
                <IconArrowDown size={14} />
              </ActionIcon>
            </Group>
            <div style={{ flex: 1, minWidth: 0 }}>{props.render(item, index)}</div>
          </Group>
        </div>
      ))}
    </div>
  )
}
