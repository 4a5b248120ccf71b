// TEMPORARY STUB (uncommitted) until the llm-adapter branch is merged.
export class CircuitBreaker {
  allow(nowMs: number): boolean { void nowMs; return true; }
  record(ok: boolean, nowMs: number): void { void ok; void nowMs; }
}
