import { malformedPayload, payloadRecord, payloadText } from '@jinku/approvals';
import type { SpecimenPresentation } from './specimens';

type Oneof<Case extends string, Value> = { readonly $case: Case; readonly value: Value };

/** The electronic seals' bytes, base64: a request is stored as JSON, where bytes do not survive. */
export interface StoredSignatures {
  readonly content: string;
  readonly unitSignature: string;
  readonly representativeSignature: string;
}

/**
 * seals.v1 ElectronicPresentation | PaperPresentation as an approvals request stores it. An electronic
 * presentation keeps its bytes under `storedAsBase64`, a key the message does not have, so readers of the
 * request see the presentation's kind without its bytes.
 */
export type StoredPresentation =
  | Oneof<'electronic', { readonly storedAsBase64: StoredSignatures }>
  | Oneof<'paper', { readonly unitImprint: string; readonly representativeImprint: string }>;

/** Bounds on what one request stores: an electronic document is small, its seals a few hundred bytes. */
const MAX_CONTENT_BYTES = 65_536;
const MAX_SIGNATURE_BYTES = 4_096;

/** A oneof field of a payload as ts-proto gives it (`{ $case, value }`), or null when none is set. */
export function payloadOneof(record: Record<string, unknown>, field: string): { $case: string; value: unknown } | null {
  const chosen = record[field];
  if (chosen === undefined || chosen === null) return null;
  const oneof = payloadRecord(chosen, `payload.${field}`);
  if (typeof oneof['$case'] !== 'string') throw malformedPayload(`payload.${field}`, 'one of its cases');
  return { $case: oneof['$case'], value: oneof['value'] };
}

/** Bytes as the wire gives them (a Buffer) or as stored (base64), re-encoded as base64 within `max` bytes. */
function base64Of(wire: unknown, stored: unknown, path: string, max: number): string {
  const bytes = wire instanceof Uint8Array ? Buffer.from(wire) : typeof stored === 'string' ? Buffer.from(stored, 'base64') : Buffer.alloc(0);
  if (bytes.length > max) throw malformedPayload(path, `at most ${max} bytes`);
  return bytes.toString('base64');
}

/** The seals presented on a document, from a payload as submitted (bytes as Buffers) or as stored (base64). */
export function storedPresentationOf(record: Record<string, unknown>, field = 'presented'): StoredPresentation | null {
  const presented = payloadOneof(record, field);
  if (!presented) return null;
  const path = `payload.${field}.${presented.$case}`;
  const value = payloadRecord(presented.value ?? {}, path);
  if (presented.$case === 'paper') {
    return { $case: 'paper', value: { unitImprint: payloadText(value, 'unitImprint', path), representativeImprint: payloadText(value, 'representativeImprint', path) } };
  }
  if (presented.$case !== 'electronic') throw malformedPayload(`payload.${field}`, 'electronic or paper');
  const stored = value['storedAsBase64'] === undefined ? {} : payloadRecord(value['storedAsBase64'], `${path}.storedAsBase64`);
  const bytes = (name: keyof StoredSignatures, max: number) => base64Of(value[name], stored[name], `${path}.${name}`, max);
  return {
    $case: 'electronic',
    value: {
      storedAsBase64: {
        content: bytes('content', MAX_CONTENT_BYTES),
        unitSignature: bytes('unitSignature', MAX_SIGNATURE_BYTES),
        representativeSignature: bytes('representativeSignature', MAX_SIGNATURE_BYTES),
      },
    },
  };
}

/** A stored presentation as the specimen check takes it; undefined when no seal was presented. */
export function presentationOf(presented: StoredPresentation | null): SpecimenPresentation | undefined {
  if (!presented) return undefined;
  if (presented.$case === 'paper') return { method: 'paper', ...presented.value };
  const bytes = (name: keyof StoredSignatures) => Buffer.from(presented.value.storedAsBase64[name], 'base64');
  return { method: 'electronic', content: bytes('content'), unitSignature: bytes('unitSignature'), representativeSignature: bytes('representativeSignature') };
}
