import { STATUS_OF_KIND, unary, type GrpcService, type UnaryOptions } from '@jinku/grpc-kit';
import { invalidArgument } from '@jinku/kernel';
import type { Ledger } from '@jinku/ledger';
import { ledgerV1 } from '@jinku/proto';
import {
  accountToWire,
  calendarToWire,
  dateOf,
  entryToWire,
  postCommandFromWire,
  required,
  statementToWire,
  voucherToWire,
} from './wire';

export const MAX_BATCH = 1000;

/** LedgerService: translates ledger.v1 messages to the ledger lib's API and back. */
export function ledgerGrpcService(ledger: Ledger, options: UnaryOptions): GrpcService {
  const page = (r: { pageSize: number; pageToken: string }) => ({ pageSize: r.pageSize, pageToken: r.pageToken });
  const treasury = (r: { treasuryId: string }) => required(r.treasuryId, 'treasury_id');

  const implementation: ledgerV1.LedgerServiceServer = {
    postVoucher: unary(
      'PostVoucher',
      options,
      async (request: ledgerV1.PostVoucherRequest, { actor }) => voucherToWire(await ledger.postReceipt(actor, postCommandFromWire(request))),
      { audited: true },
    ),

    batchPostVouchers: unary('BatchPostVouchers', options, async (request: ledgerV1.BatchPostVouchersRequest, { actor, recordRefusal }) => {
      if (request.requests.length > MAX_BATCH) {
        throw invalidArgument('BATCH_TOO_LARGE', `at most ${MAX_BATCH} vouchers per batch, got ${request.requests.length}`);
      }
      const outcomes = await ledger.postReceipts(actor, request.requests.map(postCommandFromWire));
      for (const outcome of outcomes) if (!outcome.ok) await recordRefusal(outcome.error);
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
    }, { audited: true }),

    getVoucher: unary('GetVoucher', options, async (request: ledgerV1.GetVoucherRequest, { actor }) =>
      voucherToWire(await ledger.getVoucher(actor, treasury(request), required(request.voucherId, 'voucher_id'))),
    ),

    listVouchers: unary('ListVouchers', options, async (request: ledgerV1.ListVouchersRequest, { actor }) => {
      const result = await ledger.listVouchers(actor, treasury(request), dateOf(request.businessDate, 'business_date'), page(request));
      return { vouchers: result.items.map(voucherToWire), nextPageToken: result.nextPageToken };
    }),

    getAccount: unary('GetAccount', options, async (request: ledgerV1.GetAccountRequest, { actor }) =>
      accountToWire(await ledger.getAccount(actor, treasury(request), required(request.number, 'number'))),
    ),

    listAccounts: unary('ListAccounts', options, async (request: ledgerV1.ListAccountsRequest, { actor }) => {
      const result = await ledger.listAccounts(actor, treasury(request), page(request));
      return { accounts: result.items.map(accountToWire), nextPageToken: result.nextPageToken };
    }),

    listEntries: unary('ListEntries', options, async (request: ledgerV1.ListEntriesRequest, { actor }) => {
      const result = await ledger.listEntries(
        actor,
        treasury(request),
        required(request.accountNumber, 'account_number'),
        dateOf(request.startDate, 'start_date'),
        dateOf(request.endDate, 'end_date'),
        page(request),
      );
      return { entries: result.items.map(entryToWire), nextPageToken: result.nextPageToken };
    }),

    getCurrentBusinessDay: unary('GetCurrentBusinessDay', options, async (request: ledgerV1.GetCurrentBusinessDayRequest, { actor }) => {
      const day = await ledger.currentDay(actor, treasury(request));
      return { treasuryId: day.treasuryId, date: day.date, closed: false };
    }),

    closeBusinessDay: unary('CloseBusinessDay', options, async (request: ledgerV1.CloseBusinessDayRequest, { actor }) => {
      const result = await ledger.closeBusinessDay(actor, treasury(request), dateOf(request.date, 'date'));
      return {
        closed: { treasuryId: result.closed.treasuryId, date: result.closed.date, closed: true },
        opened: { treasuryId: result.opened.treasuryId, date: result.opened.date, closed: false },
        statement: statementToWire(result.statement),
      };
    }),

    getDailyStatement: unary('GetDailyStatement', options, async (request: ledgerV1.GetDailyStatementRequest, { actor }) =>
      statementToWire(await ledger.dailyStatement(actor, treasury(request), dateOf(request.date, 'date'))),
    ),

    getCalendar: unary('GetCalendar', options, async (request: ledgerV1.GetCalendarRequest, { actor }) =>
      calendarToWire(await ledger.getCalendar(actor, treasury(request), request.year)),
    ),
  };

  return { name: 'jinku.ledger.v1.LedgerService', definition: ledgerV1.LedgerServiceService, implementation };
}
