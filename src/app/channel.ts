import type http from 'node:http';
import type { Router } from 'express';
import type { FeatureStatus } from './status';

/** What every channel folder exports: its routes, its status for /health, and its lifecycle. */
export interface Channel {
  name: string;
  status(): FeatureStatus;
  /** Routes under the channel's own paths, with its own body parsers and signature checks. */
  router?: Router;
  /** Upgrades and other server-level hooks (Direct Line WebSocket streams). */
  attach?(server: http.Server): void;
  close?(): Promise<void>;
}
