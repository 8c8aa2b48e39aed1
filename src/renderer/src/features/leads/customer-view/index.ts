export { customerViewPath, CUSTOMER_VIEW_ROUTE } from './paths'
export { CustomerViewPage } from './CustomerViewPage'
