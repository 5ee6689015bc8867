import { createHash } from 'node:crypto';
import { formatAmount } from '@jinku/kernel';
import type { VoucherDraft } from '@jinku/ledger-domain';

/** A stable digest of what a client asked for: the same idempotency key must come with the same body. */
export function requestHash(treasuryId: string, draft: VoucherDraft, extra: Record<string, string | null> = {}): string {
  const canonical = JSON.stringify({
    treasuryId,
    kind: draft.kind,
    summary: draft.summary,
    documents: draft.documents.map((d) => [d.kind, d.reference]),
    lines: draft.lines.map((l) => [l.accountNumber, l.side, formatAmount(l.amount), l.fiscalLevel, l.classificationCode]),
    extra,
  });
  return createHash('sha256').update(canonical).digest('base64url');
}
