export { RASE_ROUTES } from './lib/rase.routes';
export { RaseHome } from './lib/rase-home';
export { RASE_PAGES, RaseArea } from './lib/rase-area';
