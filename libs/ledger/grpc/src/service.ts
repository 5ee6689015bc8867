import { STATUS_OF_KIND, unary, type GrpcService, type UnaryOptions } from '@jinku/grpc-kit';
import { assertWorksFor, invalidArgument } from '@jinku/kernel';
import type { Ledger } from '@jinku/ledger';
import { ledgerV1 } from '@jinku/proto';
import {
  accountToWire,
  dateOf,
  documentsFromWire,
  entryToWire,
  idempotencyKeyOf,
  linesFromWire,
  postCommandFromWire,
  required,
  statementToWire,
  voucherToWire,
} from './wire';

export const MAX_BATCH = 1000;

/** LedgerService: translates ledger.v1 messages to the ledger lib's API and back. */
export function ledgerGrpcService(ledger: Ledger, options: UnaryOptions): GrpcService {
  const page = (r: { pageSize: number; pageToken: string }) => ({ pageSize: r.pageSize, pageToken: r.pageToken });
  const treasuryOf = (actor: Parameters<typeof assertWorksFor>[0], treasuryId: string) => {
    assertWorksFor(actor, required(treasuryId, 'treasury_id'));
    return treasuryId;
  };

  const implementation: ledgerV1.LedgerServiceServer = {
    postVoucher: unary('PostVoucher', options, async (request: ledgerV1.PostVoucherRequest, { actor }) =>
      voucherToWire(await ledger.postVoucher(actor, postCommandFromWire(request))),
    ),

    batchPostVouchers: unary('BatchPostVouchers', options, async (request: ledgerV1.BatchPostVouchersRequest, { actor }) => {
      if (request.requests.length > MAX_BATCH) {
        throw invalidArgument('BATCH_TOO_LARGE', `at most ${MAX_BATCH} vouchers per batch, got ${request.requests.length}`);
      }
      const outcomes = await ledger.postVouchers(actor, request.requests.map(postCommandFromWire));
      return {
        results: outcomes.map((o): ledgerV1.BatchPostVouchersResponse_Result => ({
          outcome: o.ok
            ? { $case: 'voucher', value: voucherToWire(o.voucher) }
            : {
                $case: 'error',
                value: { reason: o.error.reason, message: o.error.message, code: STATUS_OF_KIND[o.error.kind], metadata: { ...o.error.details } },
              },
        })),
      };
    }),

    reverseVoucher: unary('ReverseVoucher', options, async (request: ledgerV1.ReverseVoucherRequest, { actor }) => {
      const { reversal, correction } = await ledger.reverseVoucher(actor, {
        treasuryId: required(request.treasuryId, 'treasury_id'),
        voucherId: required(request.voucherId, 'voucher_id'),
        idempotencyKey: idempotencyKeyOf(request.idempotencyKey),
        summary: request.summary,
        documents: documentsFromWire(request.documents),
        correctionLines: linesFromWire(request.correctionLines, 'correction_lines'),
      });
      return { reversal: voucherToWire(reversal), correction: correction ? voucherToWire(correction) : undefined };
    }),

    getVoucher: unary('GetVoucher', options, async (request: ledgerV1.GetVoucherRequest, { actor }) =>
      voucherToWire(await ledger.vouchers.get(treasuryOf(actor, request.treasuryId), required(request.voucherId, 'voucher_id'))),
    ),

    listVouchers: unary('ListVouchers', options, async (request: ledgerV1.ListVouchersRequest, { actor }) => {
      const result = await ledger.vouchers.listOfDay(treasuryOf(actor, request.treasuryId), dateOf(request.businessDate, 'business_date'), page(request));
      return { vouchers: result.items.map(voucherToWire), nextPageToken: result.nextPageToken };
    }),

    getAccount: unary('GetAccount', options, async (request: ledgerV1.GetAccountRequest, { actor }) =>
      accountToWire(await ledger.accounts.get(treasuryOf(actor, request.treasuryId), required(request.number, 'number'))),
    ),

    listAccounts: unary('ListAccounts', options, async (request: ledgerV1.ListAccountsRequest, { actor }) => {
      const result = await ledger.accounts.list(treasuryOf(actor, request.treasuryId), page(request));
      return { accounts: result.items.map(accountToWire), nextPageToken: result.nextPageToken };
    }),

    listEntries: unary('ListEntries', options, async (request: ledgerV1.ListEntriesRequest, { actor }) => {
      const result = await ledger.accounts.entries(
        treasuryOf(actor, request.treasuryId),
        required(request.accountNumber, 'account_number'),
        dateOf(request.startDate, 'start_date'),
        dateOf(request.endDate, 'end_date'),
        page(request),
      );
      return { entries: result.items.map(entryToWire), nextPageToken: result.nextPageToken };
    }),

    getCurrentBusinessDay: unary('GetCurrentBusinessDay', options, async (request: ledgerV1.GetCurrentBusinessDayRequest, { actor }) => {
      const day = await ledger.days.current(treasuryOf(actor, request.treasuryId));
      return { treasuryId: day.treasuryId, date: day.date, closed: false };
    }),

    closeBusinessDay: unary('CloseBusinessDay', options, async (request: ledgerV1.CloseBusinessDayRequest, { actor }) => {
      const result = await ledger.closeBusinessDay(actor, required(request.treasuryId, 'treasury_id'), dateOf(request.date, 'date'));
      return {
        closed: { treasuryId: result.closed.treasuryId, date: result.closed.date, closed: true },
        opened: { treasuryId: result.opened.treasuryId, date: result.opened.date, closed: false },
        statement: statementToWire(result.statement),
      };
    }),

    getDailyStatement: unary('GetDailyStatement', options, async (request: ledgerV1.GetDailyStatementRequest, { actor }) =>
      statementToWire(await ledger.days.statement(treasuryOf(actor, request.treasuryId), dateOf(request.date, 'date'))),
    ),
  };

  return { name: 'jinku.ledger.v1.LedgerService', definition: ledgerV1.LedgerServiceService, implementation };
}
