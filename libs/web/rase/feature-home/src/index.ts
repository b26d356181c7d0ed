export { RASE_ROUTES } from './lib/rase.routes';
export { RaseHome } from './lib/rase-home';
