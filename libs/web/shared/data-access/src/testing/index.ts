// Test helpers for specs across the web projects; never imported by production code.
export { sessionUser } from './session-user';
