export { CatalogPage } from './lib/catalog-page';
export { CoursePage } from './lib/course-page';
