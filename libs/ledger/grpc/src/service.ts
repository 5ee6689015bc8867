import { unary, type GrpcService, type UnaryOptions } from '@jinku/grpc-kit';
import { invalidArgument } from '@jinku/kernel';
import type { Ledger } from '@jinku/ledger';
import { TEXT_LIMITS } from '@jinku/ledger-domain';
import { ledgerV1 } from '@jinku/proto';
import { postBatch } from './batch';
import { accountToWire, calendarToWire, dateOf, entryToWire, identifierOf, periodStatementToWire, postCommandFromWire, statementToWire, voucherToWire } from './wire';

export const MAX_BATCH = 1000;

/** LedgerService: translates ledger.v1 messages to the ledger lib's API and back. */
export function ledgerGrpcService(ledger: Ledger, options: UnaryOptions): GrpcService {
  const page = (r: { pageSize: number; pageToken: string }) => ({ pageSize: r.pageSize, pageToken: r.pageToken });
  const treasury = (r: { treasuryId: string }) => identifierOf(r.treasuryId, 'treasury_id', TEXT_LIMITS.treasuryId);
  const account = (number: string, field: string) => identifierOf(number, field, TEXT_LIMITS.accountNumber);

  const implementation: ledgerV1.LedgerServiceServer = {
    postVoucher: unary(
      'PostVoucher',
      options,
      async (request: ledgerV1.PostVoucherRequest, { actor }) => voucherToWire(await ledger.postReceipt(actor, postCommandFromWire(request))),
      { audited: true, mutation: (voucher) => ({ treasuryId: voucher.treasuryId, voucherId: voucher.voucherId }) },
    ),

    batchPostVouchers: unary('BatchPostVouchers', options, async (request: ledgerV1.BatchPostVouchersRequest, context) => {
      if (request.requests.length > MAX_BATCH) {
        throw invalidArgument('BATCH_TOO_LARGE', `at most ${MAX_BATCH} vouchers per batch, got ${request.requests.length}`);
      }
      return postBatch(ledger, request.requests, context);
    }, { audited: true, mutation: batchSummary }),

    getVoucher: unary('GetVoucher', options, async (request: ledgerV1.GetVoucherRequest, { actor }) =>
      voucherToWire(await ledger.getVoucher(actor, treasury(request), identifierOf(request.voucherId, 'voucher_id', TEXT_LIMITS.voucherId))),
    ),

    listVouchers: unary('ListVouchers', options, async (request: ledgerV1.ListVouchersRequest, { actor }) => {
      const result = await ledger.listVouchers(actor, treasury(request), dateOf(request.businessDate, 'business_date'), page(request));
      return { vouchers: result.items.map(voucherToWire), nextPageToken: result.nextPageToken };
    }),

    getAccount: unary('GetAccount', options, async (request: ledgerV1.GetAccountRequest, { actor }) =>
      accountToWire(await ledger.getAccount(actor, treasury(request), account(request.number, 'number'))),
    ),

    listAccounts: unary('ListAccounts', options, async (request: ledgerV1.ListAccountsRequest, { actor }) => {
      const result = await ledger.listAccounts(actor, treasury(request), page(request));
      return { accounts: result.items.map(accountToWire), nextPageToken: result.nextPageToken };
    }),

    listEntries: unary('ListEntries', options, async (request: ledgerV1.ListEntriesRequest, { actor }) => {
      const result = await ledger.listEntries(
        actor,
        treasury(request),
        account(request.accountNumber, 'account_number'),
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

    closeMonth: unary('CloseMonth', options, async (request: ledgerV1.CloseMonthRequest, { actor }) => ledger.closeMonth(actor, treasury(request), request.month), {
      mutation: (closed) => ({ treasuryId: closed.treasuryId, month: closed.month }),
    }),
    closeBusinessDay: unary('CloseBusinessDay', options, async (request: ledgerV1.CloseBusinessDayRequest, { actor }) => {
      const result = await ledger.closeBusinessDay(actor, treasury(request), dateOf(request.date, 'date'));
      return {
        closed: { treasuryId: result.closed.treasuryId, date: result.closed.date, closed: true },
        opened: { treasuryId: result.opened.treasuryId, date: result.opened.date, closed: false },
        statement: statementToWire(result.statement),
      };
    }, { mutation: ({ closed, opened }) => ({ treasuryId: closed?.treasuryId, closed: closed?.date, opened: opened?.date }) }),

    getPeriodStatement: unary('GetPeriodStatement', options, async (request: ledgerV1.GetPeriodStatementRequest, { actor }) =>
      periodStatementToWire(await ledger.periodStatement(actor, treasury(request), request.period)),
    ),

    getMonthEndChecks: unary('GetMonthEndChecks', options, async (request: ledgerV1.GetMonthEndChecksRequest, { actor }) => ({
      checks: (await ledger.monthEndChecks(actor, treasury(request), request.month)).map(({ check, finding }) => ({ check, holds: finding === null, finding: finding ?? '' })),
    })),

    exportPeriodStatement: unary('ExportPeriodStatement', options, async (request: ledgerV1.ExportPeriodStatementRequest, { actor }) =>
      ledger.exportPeriodStatement(actor, treasury(request), request.period, request.format),
    ),

    getDailyStatement: unary('GetDailyStatement', options, async (request: ledgerV1.GetDailyStatementRequest, { actor }) =>
      statementToWire(await ledger.dailyStatement(actor, treasury(request), dateOf(request.date, 'date'))),
    ),

    getCalendar: unary('GetCalendar', options, async (request: ledgerV1.GetCalendarRequest, { actor }) =>
      calendarToWire(await ledger.getCalendar(actor, treasury(request), request.year)),
    ),
  };

  return { name: 'jinku.ledger.v1.LedgerService', definition: ledgerV1.LedgerServiceService, implementation };
}

/** A batch's log line counts its outcomes; each voucher's id is in its own result. */
function batchSummary(response: ledgerV1.BatchPostVouchersResponse): Record<string, number> {
  const posted = response.results.filter((r) => r.outcome?.$case === 'voucher').length;
  return { posted, refused: response.results.length - posted };
}
