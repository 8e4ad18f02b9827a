// What the app counts as it works, for /metrics (src/web/metrics.ts). Counters are per process, as
// Prometheus expects: it sums them across a district's processes.

export interface Telemetry {
  /** A message went through the pipeline; `outcome` is what became of it (`ticket`, `chat`, …). */
  messageHandled(chat: string, outcome: string): void;
  ticketOpened(category: string, urgency: string): void;
  /** A ticket reached `status` (resolved, closed, rejected or merged). */
  ticketFinished(category: string, status: string): void;
  /** The classifier gave a verdict; whether it asked the LLM, and whether it fell back to the offline verdict. */
  classified(verdict: { llmCalled: boolean; fallback: boolean }): void;
}

/** For tests and tools that count nothing. */
export const NO_TELEMETRY: Telemetry = {
  messageHandled() {},
  ticketOpened() {},
  ticketFinished() {},
  classified() {},
};
