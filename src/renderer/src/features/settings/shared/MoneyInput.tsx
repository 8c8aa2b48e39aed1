import { NumberInput, type NumberInputProps } from '@mantine/core'

/** Money is edited in dollars and kept in cents; an empty box is null. */
export function MoneyInput(
  props: Omit<NumberInputProps, 'value' | 'onChange'> & {
    value: number | null
    onChange: (cents: number | null) => void
  },
) {
  const { value, onChange, ...rest } = props
  return (
    <NumberInput
      prefix="$"
      decimalScale={2}
      fixedDecimalScale
      thousandSeparator=","
      min={0}
      {...rest}
      value={value === null ? '' : value / 100}
      onChange={(v) => onChange(v === '' || v === undefined ? null : Math.round(Number(v) * 100))}
    />
  )
}
