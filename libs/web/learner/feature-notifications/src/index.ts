export { NotificationsPage } from './lib/notifications-page';
