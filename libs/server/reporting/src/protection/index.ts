export { protect, type ProtectionCell, type ProtectionOptions, type ProtectionResult } from './protect';
export { IntegerAuditor, type Interval, type LinearFacts, type LinearRow } from './linear-facts';
export { cube, type Cube, type CubeSpec } from './cube';
export { computePublication, ATTRIBUTES, MEASURES, type Publication, type PublishedFigure, type Attribute, type Measure } from './publication';
