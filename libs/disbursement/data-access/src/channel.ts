import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The ways a treasury clears funds (R53): the modern payment system (现代化支付系统), the treasury's internal
 * transfers (国库内部往来), the same-city exchange (同城票据交换).
 */
export const CHANNELS = ['cnaps', 'internal', 'same_city'] as const;
export type ChannelName = (typeof CHANNELS)[number];

/** A payment instruction as a channel takes it: one per released payment. */
export interface OutgoingInstruction {
  readonly instructionId: string;
  readonly treasuryId: string;
  readonly payeeName: string;
  readonly payeeAccount: string;
  readonly bankCode: string;
  readonly amount: string;
}

/** What finally became of an instruction the channel accepted. */
export type ChannelOutcome = { readonly status: 'settled'; readonly reference: string } | { readonly status: 'returned'; readonly reason: string };

/**
 * A clearing channel. `send` hands an instruction over and answers the channel's reference, or throws when the
 * channel refuses it or cannot be reached (the instruction is sent again later); the final outcome — settled,
 * or returned by the payee's bank (退汇) — arrives later through `onOutcome`.
 */
export interface PaymentChannel {
  readonly name: ChannelName;
  send(instruction: OutgoingInstruction): Promise<{ readonly reference: string }>;
  onOutcome(listener: (instructionId: string, outcome: ChannelOutcome) => void | Promise<void>): void;
}

/** What the in-process channel does with the next instructions it is sent. */
export type ChannelBehaviour = { readonly kind: 'settle' } | { readonly kind: 'fail'; readonly reason: string } | { readonly kind: 'return'; readonly reason: string };

/**
 * A channel inside the process, for tests and the demo: it settles every instruction after `delayMs`, unless told
 * to fail the next ones at sending or to have them returned by the payee's bank.
 */
export class InProcessChannel implements PaymentChannel {
  readonly name: ChannelName = 'cnaps';
  private readonly listeners: ((instructionId: string, outcome: ChannelOutcome) => void | Promise<void>)[] = [];
  private readonly queued: ChannelBehaviour[] = [];
  private sent = 0;

  constructor(private delayMs = 0) {}

  /** The next `count` instructions fail at sending, are returned, or settle. */
  behave(behaviour: ChannelBehaviour, count = 1): void {
    for (let i = 0; i < count; i++) this.queued.push(behaviour);
  }

  /** Forgets what it was told: every instruction settles again. */
  reset(): void {
    this.queued.length = 0;
  }

  delay(ms: number): void {
    this.delayMs = ms;
  }

  onOutcome(listener: (instructionId: string, outcome: ChannelOutcome) => void | Promise<void>): void {
    this.listeners.push(listener);
  }

  async send(instruction: OutgoingInstruction): Promise<{ reference: string }> {
    const behaviour = this.queued.shift() ?? { kind: 'settle' };
    if (behaviour.kind === 'fail') throw new Error(`channel refused instruction ${instruction.instructionId}: ${behaviour.reason}`);
    const reference = `CNAPS-${++this.sent}-${instruction.instructionId}`;
    const outcome: ChannelOutcome = behaviour.kind === 'return' ? { status: 'returned', reason: behaviour.reason } : { status: 'settled', reference };
    // The outcome comes back on its own, as a bank's answer would.
    // Listeners report their own failures; a rejected one must not take the process down.
    void sleep(this.delayMs)
      .then(() => Promise.all(this.listeners.map((listener) => listener(instruction.instructionId, outcome))))
      .catch(() => undefined);
    return { reference };
  }
}
