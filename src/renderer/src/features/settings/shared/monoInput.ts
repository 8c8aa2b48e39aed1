/** Monospace for what is typed (keys, element names, headers), not for the label or the error under it. */
export const MONO_INPUT = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } }
