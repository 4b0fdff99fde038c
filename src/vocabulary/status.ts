/** Whether a channel or feature is on, and why (shown at start and in /health). */
export interface FeatureStatus {
  on: boolean;
  why: string;
}

export const on = (why: string): FeatureStatus => ({ on: true, why });
export const off = (why: string): FeatureStatus => ({ on: false, why });
