export { RemindersProcessor, REMINDER_CONCURRENCY, scheduledAt } from './reminders.processor';
export { EmailProcessor } from './email.processor';
