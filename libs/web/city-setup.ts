import { setCity } from '@equip/web/shared/ui';

// Web specs format dates for the api's default city (CITY_TIME_ZONE America/New_York), as the app
// does once GET /api/city has answered (`provideCity`); a spec about another zone sets its own.
setCity({ name: 'City of Riverton', timeZone: 'America/New_York' });
