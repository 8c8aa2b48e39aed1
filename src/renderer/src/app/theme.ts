import { createTheme, localStorageColorSchemeManager, NumberInput } from '@mantine/core'

export const theme = createTheme({
  primaryColor: 'teal',
  defaultRadius: 'md',
  fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  headings: { fontWeight: '650' },
  components: {
    // A value out of range stays as typed and is refused with a message when saved; clamping it
    // on blur would quietly save something the operator did not ask for (150 % becoming 100 %).
    NumberInput: NumberInput.extend({ defaultProps: { clampBehavior: 'none' } }),
  },
})

export const colorSchemeManager = localStorageColorSchemeManager({ key: 'leadline.color-scheme' })
