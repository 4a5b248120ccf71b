// The messages between the sandbox (worker-sandbox.ts) and its worker (sandbox-worker.ts).
import type { SandboxSetup, SandboxTurn, ShopTestRun } from '../app/ports.js';

/** A conversation to try: the shopper's messages, on a product page and as a customer when given. */
export interface SandboxConversation {
  messages: string[];
  productId?: string;
  customerId?: string;
}

/** What the sandbox asks its worker; `open` comes first, once, with the release's bytes (transferred). */
export type SandboxRequest =
  | { id: number; kind: 'open'; releaseId: string; json: Uint8Array; image: Uint8Array; maxMessageBytes: number }
  | { id: number; kind: 'converse'; setup: SandboxSetup; conversation: SandboxConversation }
  | { id: number; kind: 'test'; setup: SandboxSetup; tests: { file: string; text: string }[] };

/** The worker's answer to the request of the same id; `code` when the error was a XiaoerError. */
export type SandboxAnswer = { id: number; ok: true; result: SandboxTurn[] | ShopTestRun | null } | { id: number; ok: false; message: string; code?: string };
