/**
 * Brings the table's top back into view when the operator turns the page from further down. Called
 * from the click, while the layout is still clean, so reading the position costs nothing; the scroll
 * margin keeps the table clear of the fixed header.
 */
export function scrollTopIntoView(el: HTMLElement | null): void {
  if (el && el.getBoundingClientRect().top < parseFloat(getComputedStyle(el).scrollMarginTop || '0')) {
    el.scrollIntoView({ block: 'start' })
  }
}
