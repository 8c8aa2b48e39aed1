/** How long the search box waits after the last keystroke before it asks the main process. */
export const SEARCH_DEBOUNCE_MS = 250
