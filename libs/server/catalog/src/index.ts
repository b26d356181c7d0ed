export * from './content/catalog.model';
export { loadCatalog, prerequisiteCycles } from './content/load-catalog';
export { compareProblems, formatProblems } from './content/problems';
export { CONTENT_HASH_SCHEME } from './content/content-hash';
export { lessonUrl, mediaUrl } from './content/links';
export * from './catalog.repository';
export * from './catalog-sync.service';
