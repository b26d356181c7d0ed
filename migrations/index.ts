// Every migration, in order. `npm run migrate:create -- Name` adds a file and a line here.
import { CreateOrganisation1764000000000 } from './1764000000000-CreateOrganisation';
import { CreateIdentity1764000000001 } from './1764000000001-CreateIdentity';

export const migrations = [
  CreateOrganisation1764000000000,
  CreateIdentity1764000000001,
];
