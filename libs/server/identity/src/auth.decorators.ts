// The access decorators live in server-http so every domain library can use them; re-exported for identity's own files.
export { CurrentScope, CurrentUser, IS_PUBLIC, Public, ROLES, Roles } from '@equip/server/http';
