import { Center, Overlay, Stack, Text, ThemeIcon } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconFileImport } from '@tabler/icons-react'
import { useEffect, useRef, useState } from 'react'
import { useNavigate } from 'react-router'
import { useSession } from '../auth/session'
import { receiveFile, startOver } from './importDraft'

const hasFiles = (e: DragEvent): boolean => Array.from(e.dataTransfer?.types ?? []).includes('Files')

/**
 * Drop a CSV anywhere on the window to import it. Plain DOM drag events on the window (a counter
 * keeps the overlay steady while the pointer crosses child elements) and a Mantine overlay.
 */
export function WindowDropZone() {
  const session = useSession()
  const navigate = useNavigate()
  const [active, setActive] = useState(false)
  const depth = useRef(0)
  const allowed = session.can('leads.import')

  useEffect(() => {
    if (!allowed) return
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return
      e.preventDefault()
      depth.current += 1
      setActive(true)
    }
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return
      e.preventDefault()
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy'
    }
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return
      depth.current = Math.max(0, depth.current - 1)
      if (depth.current === 0) setActive(false)
    }
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return
      e.preventDefault()
      depth.current = 0
      setActive(false)
      const file = e.dataTransfer?.files[0]
      if (!file) return
      if (!/\.(csv|txt|tsv)$/i.test(file.name) && !file.type.includes('csv') && file.type !== 'text/plain') {
        notifications.show({ color: 'red', message: `${file.name} is not a CSV file` })
        return
      }
      // A dropped file always starts a fresh import, whatever was on the import screen.
      void receiveFile(file)
      void navigate('/imports')
    }
    window.addEventListener('dragenter', enter)
    window.addEventListener('dragover', over)
    window.addEventListener('dragleave', leave)
    window.addEventListener('drop', drop)
    return () => {
      window.removeEventListener('dragenter', enter)
      window.removeEventListener('dragover', over)
      window.removeEventListener('dragleave', leave)
      window.removeEventListener('drop', drop)
    }
  }, [allowed, navigate])

  // Mounted with the shell, so this runs on sign-out: the next operator starts with no import.
  useEffect(() => startOver, [])

  if (!active) return null
  return (
    <Overlay fixed blur={2} zIndex={1000} data-testid="drop-overlay">
      <Center h="100%" style={{ pointerEvents: 'none' }}>
        <Stack align="center" gap="xs">
          <ThemeIcon size={72} radius="xl">
            <IconFileImport size={40} />
          </ThemeIcon>
          <Text fw={700} size="xl" c="white">
            Drop the CSV file to import it
          </Text>
        </Stack>
      </Center>
    </Overlay>
  )
}
