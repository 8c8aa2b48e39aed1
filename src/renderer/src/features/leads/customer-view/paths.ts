/** The customer view route; the Customers screen links here. */
export const CUSTOMER_VIEW_ROUTE = '/customer-view'

export function customerViewPath(customerId: number): string {
  return `${CUSTOMER_VIEW_ROUTE}/${customerId}`
}
