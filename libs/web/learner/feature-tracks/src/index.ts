export { TracksPage } from './lib/tracks-page';
export { TrackPage } from './lib/track-page';
