import type OpenAI from 'openai';
import { ZodError } from 'zod';

/** The model is an aid: a slow answer is worse than none, so the wait is short and never retried. */
export const MAX_TIMEOUT_MS = 3000;

export interface ModelSettings {
  apiKey: string;
  /** Any OpenAI-compatible server; unset: api.openai.com. */
  baseURL?: string;
  model: string;
  /** Capped at MAX_TIMEOUT_MS. */
  timeoutMs?: number;
}

/** The SDK is loaded when a model is configured: it is 0.1 s of a start without one. */
export function createModelClient(settings: ModelSettings): OpenAI {
  return new (require('openai') as typeof import('openai')).default({
    apiKey: settings.apiKey,
    baseURL: settings.baseURL,
    timeout: Math.min(settings.timeoutMs ?? MAX_TIMEOUT_MS, MAX_TIMEOUT_MS),
    maxRetries: 0,
  });
}

/** Thrown for answers we refuse to use; the reason is a fixed label, safe to log. */
export class UnusableAnswer extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'UnusableAnswer';
  }
}

/**
 * A short label for why a call gave nothing usable. Logs get this label only: error
 * messages can quote the model's output, which can quote the shopper.
 */
export function failureReason(err: unknown): string {
  if (err instanceof UnusableAnswer) return err.reason;
  const { APIConnectionError, APIConnectionTimeoutError, APIError, ContentFilterFinishReasonError, LengthFinishReasonError } = require('openai/core/error') as typeof import('openai/core/error');
  if (err instanceof APIConnectionTimeoutError) return 'timeout';
  if (err instanceof APIConnectionError) return 'connection_error';
  if (err instanceof APIError) return `http_${err.status ?? 'unknown'}`;
  if (err instanceof LengthFinishReasonError) return 'truncated';
  if (err instanceof ContentFilterFinishReasonError) return 'content_filter';
  if (err instanceof ZodError) return 'invalid_arguments';
  if (err instanceof SyntaxError) return 'malformed_arguments';
  return 'unexpected_error';
}
