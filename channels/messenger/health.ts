/** Whether the Page token still works: a 190 from Graph marks the channel degraded until a send succeeds. */
export class ChannelHealth {
  private problem: { reason: string; since: Date } | undefined;

  degrade(reason: string, at = new Date()): void {
    if (!this.problem) this.problem = { reason, since: at };
  }

  recover(): void {
    this.problem = undefined;
  }

  get degraded(): { reason: string; since: Date } | undefined {
    return this.problem;
  }
}
