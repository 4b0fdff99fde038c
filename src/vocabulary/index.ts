/**
 * The words every part of the bot shares: languages, intents, problem kinds, tracking
 * statuses, handoff reasons, the on/off status of a feature, and what a proactive message is.
 * Plain types and constants only: it imports nothing of the bot, so anything may import it.
 */
export { INTENTS, LANGUAGES, languageOfLocale, type Intent, type Lang, type ProblemKind, type Expecting, type RegionalVariant } from './words';
export { SETTLED_TRACKING_STATUSES, TRACKING_STATUSES, type TrackingStatus } from './tracking';
export { HANDOFF_REASONS, type HandoffReason } from './reasons';
export { on, off, type FeatureStatus } from './status';
export type { ConversationAddress, ProactiveMessage, DeliveryResult } from './messages';
export type { FactSheetRef } from './fact-sheet';
export { CONTROL_CHARACTER, withoutControlCharacters } from './text';
export * from './records';
export { INTENT_TABLE, type IntentTraits } from './intent-table';
export { isRecord, stringField } from './json';
