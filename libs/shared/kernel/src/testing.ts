import { DomainError } from './errors';

/** What a refused call said, for tests: compare with toMatchObject({ kind, reason }). */
export interface Refusal {
  readonly kind: DomainError['kind'];
  readonly reason: string;
  readonly message: string;
  readonly details: DomainError['details'];
}

const refusal = (error: DomainError): Refusal => ({ kind: error.kind, reason: error.reason, message: error.message, details: error.details });

/** The refusal a call ended in; success or any other error (a raw database error) fails the test. */
export async function refusalOf(promise: Promise<unknown>): Promise<Refusal> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return refusal(error);
    throw error;
  }
  throw new Error('expected a refusal');
}

/** The refusal of a synchronous rule, or undefined when it allowed the call. */
export function refusalOfCall(fn: () => unknown): Refusal | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return refusal(error);
    throw error;
  }
  return undefined;
}
