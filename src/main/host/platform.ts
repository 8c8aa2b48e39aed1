/**
 * What the desktop shell offers the app beyond the API: native file dialogs. The browser host
 * has none, so files go to the page as downloads instead.
 */
export interface Platform {
  /** The path the operator chose to save to, or null when the dialog was dismissed. */
  chooseSaveFile(defaultName: string): Promise<string | null>
  chooseOpenFile(filters: { name: string; extensions: string[] }[]): Promise<string | null>
}
