/** Handoff to a person: rules, cases, agents, the inbox feed and integrations. Wired in src/app/handoff.ts. */
export { HandoffService, type HandoffEta, type HandoffRequest, type HandoffOpened } from './service';
export { handoffReason, ruleSettingsFrom, type HandoffSignals, type HandoffReason } from './rules';
export type { OwnershipState } from './cases';
