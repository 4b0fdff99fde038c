export { on, off, type FeatureStatus } from '../vocabulary';
