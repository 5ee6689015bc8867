import type { Database, Tx } from '@jinku/db';
import type { ChannelName, ChannelOutcome, OutgoingInstruction, PaymentChannel } from './channel';

type Sql = Database['sql'] | Tx;

export type InstructionStatus = 'pending' | 'failed' | 'sent' | 'settled' | 'returned';

/** Where a payment's instruction stands: its latest event, or pending before the first. */
export interface InstructionState {
  readonly instructionId: string;
  readonly channel: ChannelName;
  readonly status: InstructionStatus;
  readonly detail: string;
}

interface InstructionContent {
  readonly treasuryId: string;
  readonly channel: ChannelName;
  readonly payeeName: string;
  readonly payeeAccount: string;
  readonly bankCode: string;
  readonly amount: string;
}

/** An instruction to write: for a disbursement payment, or for another context's payment named by source. */
export type NewInstruction = InstructionContent & ({ readonly paymentId: string } | { readonly source: { readonly source: string; readonly source_ref: string } });

/** Statuses after which the channel has the instruction: it is not sent again. */
const HANDED_OVER = ['sent', 'settled', 'returned'];

/** Each instruction matching `where` with its latest event (pending before the first). */
function latestStates(sql: Sql, where: ReturnType<Sql>) {
  return sql<(InstructionState & { paymentId: string | null })[]>`
    select i.payment_id::text as "paymentId", i.id as "instructionId", i.channel, coalesce(e.status, 'pending') as status, coalesce(e.detail, '') as detail
    from disbursement.instructions i
    left join lateral (select status, detail from disbursement.instruction_events where instruction_id = i.id order by id desc limit 1) e on true
    where ${where}`;
}

/** The SQL of payment instructions and their events; events are appended, never changed. */
export const instructionRepository = {
  /** A payment's instruction: a disbursement payment's (`paymentId`), or another context's (`source` and its reference). */
  async add(tx: Tx, instruction: NewInstruction): Promise<string> {
    const origin = 'paymentId' in instruction ? { payment_id: instruction.paymentId, source: 'disbursement', source_ref: null } : { payment_id: null, ...instruction.source };
    const [row] = await tx<{ id: string }[]>`
      insert into disbursement.instructions (payment_id, source, source_ref, treasury_id, channel, payee_name, payee_account, bank_code, amount)
      values (${origin.payment_id}, ${origin.source}, ${origin.source_ref}, ${instruction.treasuryId}, ${instruction.channel}, ${instruction.payeeName},
              ${instruction.payeeAccount}, ${instruction.bankCode}, ${instruction.amount})
      returning id`;
    return row!.id;
  },

  /** Instructions the channel does not have yet, oldest first, locked so two dispatchers never send one twice. */
  async due(tx: Tx, limit: number): Promise<OutgoingInstruction[]> {
    return tx<OutgoingInstruction[]>`
      select i.id as "instructionId", i.treasury_id as "treasuryId", i.payee_name as "payeeName", i.payee_account as "payeeAccount",
             i.bank_code as "bankCode", i.amount::text as amount
      from disbursement.instructions i
      where not exists (select 1 from disbursement.instruction_events e where e.instruction_id = i.id and e.status = any(${HANDED_OVER}))
      order by i.id limit ${limit}
      for update of i skip locked`;
  },

  async record(sql: Sql, instructionId: string, status: Exclude<InstructionStatus, 'pending'>, detail: string): Promise<void> {
    await sql`insert into disbursement.instruction_events (instruction_id, status, detail) values (${instructionId}, ${status}, ${detail.slice(0, 500)})`;
  },

  /** Where each payment's instruction stands, by payment id; one query for a day's payments. */
  async statesOf(sql: Sql, paymentIds: readonly string[]): Promise<Map<string, InstructionState>> {
    if (paymentIds.length === 0) return new Map();
    const rows = await latestStates(sql, sql`i.payment_id = any(${paymentIds}::bigint[])`);
    return new Map(rows.map(({ paymentId, ...state }) => [paymentId!, state]));
  },

  async stateOf(sql: Sql, paymentId: string): Promise<InstructionState | undefined> {
    return (await instructionRepository.statesOf(sql, [paymentId])).get(paymentId);
  },

  async stateOfSource(sql: Sql, source: string, sourceRef: string): Promise<InstructionState | undefined> {
    const [row] = await latestStates(sql, sql`i.source = ${source} and i.source_ref = ${sourceRef}`);
    return row && { instructionId: row.instructionId, channel: row.channel, status: row.status, detail: row.detail };
  },
};

/**
 * Sends the instructions the channel does not have yet (an outbox: each was written with its payment, so
 * nothing is sent that is not booked): `sent` with the channel's reference, or `failed` with the reason, to be
 * tried again on the next round. The channel takes the instruction id as the payment's reference, so an
 * instruction sent again after a crash between sending and recording is recognised by it, not paid twice.
 * Returns how many were handed over.
 */
export async function dispatchInstructions(database: Database, channel: PaymentChannel, limit = 100): Promise<number> {
  return database.sql.begin(async (tx) => {
    let handed = 0;
    for (const instruction of await instructionRepository.due(tx, limit)) {
      try {
        const { reference } = await channel.send(instruction);
        await instructionRepository.record(tx, instruction.instructionId, 'sent', reference);
        handed++;
      } catch (error) {
        await instructionRepository.record(tx, instruction.instructionId, 'failed', error instanceof Error ? error.message : String(error));
      }
    }
    return handed;
  });
}

/** The channel's final word on an instruction it has: settled or returned, recorded once. */
export async function recordOutcome(database: Database, instructionId: string, outcome: ChannelOutcome): Promise<void> {
  await database.sql.begin(async (tx) => {
    await tx`select id from disbursement.instructions where id = ${instructionId} for update`;
    const [last] = await tx<{ status: string }[]>`
      select status from disbursement.instruction_events where instruction_id = ${instructionId} order by id desc limit 1`;
    if (last?.status !== 'sent') return;
    await instructionRepository.record(tx, instructionId, outcome.status, outcome.status === 'settled' ? outcome.reference : outcome.reason);
  });
}

/**
 * Another context's payment through the clearing channel (a bond redemption's to the agency bank), written in that
 * payment's transaction and sent by the same dispatcher; `source` names the context, `sourceRef` its payment.
 */
export function queueInstruction(tx: Tx, source: string, sourceRef: string, content: InstructionContent): Promise<string> {
  return instructionRepository.add(tx, { ...content, source: { source, source_ref: sourceRef } });
}

/** Where another context's payment instruction stands. */
export const instructionStateOf = (sql: Sql, source: string, sourceRef: string) => instructionRepository.stateOfSource(sql, source, sourceRef);
