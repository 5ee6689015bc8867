import { DomainError } from '@jinku/kernel';

export interface Refusal {
  readonly kind: DomainError['kind'];
  readonly reason: string;
  readonly details: DomainError['details'];
}

/** The refusal a call ended in; anything else (success, a raw database error) fails the test. */
export async function refusalOf(promise: Promise<unknown>): Promise<Refusal> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return { kind: error.kind, reason: error.reason, details: error.details };
    throw error;
  }
  throw new Error('expected a refusal');
}
