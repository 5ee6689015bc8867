import { boundedRefusal, type CallContext } from '@jinku/grpc-kit';
import { DomainError } from '@jinku/kernel';
import type { Ledger, PostingOutcome, PostVoucherCommand } from '@jinku/ledger';
import type { ledgerV1 } from '@jinku/proto';
import { postCommandFromWire, voucherToWire } from './wire';

/** One request's refusal within a batch, saying which request: `requests[i]: …` and metadata `index`. */
function atIndex(error: DomainError, index: number): DomainError {
  return new DomainError(error.kind, error.reason, `requests[${index}]: ${error.message}`, { index: String(index), ...error.details });
}

/**
 * BatchPostVouchers: each request stands or falls alone, from wire translation (a malformed amount, a
 * text out of bounds) to posting, so every per-request problem is that request's refusal and the others
 * post; the proto promises a voucher or a refusal per request, in request order.
 */
export async function postBatch(
  ledger: Ledger,
  requests: readonly ledgerV1.PostVoucherRequest[],
  { actor, recordRefusal }: CallContext,
): Promise<ledgerV1.BatchPostVouchersResponse> {
  const outcomes: PostingOutcome[] = new Array(requests.length);
  const translated: { index: number; command: PostVoucherCommand }[] = [];
  requests.forEach((request, index) => {
    try {
      translated.push({ index, command: postCommandFromWire(request) });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      outcomes[index] = { ok: false, error };
    }
  });
  const posted = await ledger.postReceipts(actor, translated.map((t) => t.command));
  translated.forEach((t, i) => (outcomes[t.index] = posted[i]!));

  const results: ledgerV1.BatchPostVouchersResponse_Result[] = [];
  for (const [index, outcome] of outcomes.entries()) {
    if (outcome.ok) {
      results.push({ outcome: { $case: 'voucher', value: voucherToWire(outcome.voucher) } });
      continue;
    }
    const refusal = atIndex(outcome.error, index);
    await recordRefusal(refusal);
    results.push({ outcome: { $case: 'error', value: boundedRefusal(refusal) } });
  }
  return { results };
}
