/** Shopper-message understanding: intents (contract §4), entities and language, all local. */
export { createResolver, type Resolver, type ResolverOptions } from './resolver';
export { detectLanguage } from './language';
export { extractEntities, type EntityContext } from './entities';
export * from './types';
