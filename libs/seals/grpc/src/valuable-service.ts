import { unary, type GrpcService, type UnaryOptions } from '@jinku/grpc-kit';
import { checkText, idempotencyKeyOf, type Actor } from '@jinku/kernel';
import type { ValuableMovementView, Valuables } from '@jinku/seals';
import { sealsV1 } from '@jinku/proto';

/** Serials are at most 18 digits; references and reasons fit a register's line. */
const SERIAL_LIMIT = 18;
const TEXT_LIMIT = 200;

const movementToWire = (movement: ValuableMovementView): sealsV1.ValuableMovement => ({
  movementId: movement.movementId,
  kind: movement.kind,
  event: movement.event,
  firstSerial: movement.firstSerial,
  lastSerial: movement.lastSerial,
  count: String(movement.count),
  holderUserId: movement.holderUserId ?? '',
  documentReference: movement.documentReference ?? '',
  reason: movement.reason ?? '',
  voucherId: movement.voucherId ?? '',
  recordTime: movement.recordedAt.toISOString(),
  actorUserId: movement.actorUserId,
});

const serial = (value: string, field: string) => checkText(value, field, SERIAL_LIMIT);
const text = (value: string, field: string) => checkText(value, field, TEXT_LIMIT);
const mutation = (movement: sealsV1.ValuableMovement) => ({ kind: movement.kind, event: movement.event, first: movement.firstSerial, last: movement.lastSerial });

/** ValuableDocumentService: translation between seals.v1 and the valuables of the seals lib, which authorizes every call. */
export function valuableGrpcService(valuables: Valuables, options: UnaryOptions): GrpcService {
  const movement = <Req>(method: string, move: (request: Req, actor: Actor) => Promise<ValuableMovementView>) =>
    unary(method, options, async (request: Req, { actor }) => movementToWire(await move(request, actor)), { mutation });
  const implementation: sealsV1.ValuableDocumentServiceServer = {
    listValuableKinds: unary('ListValuableKinds', options, async (_request: sealsV1.ListValuableKindsRequest, { actor }) => ({ kinds: await valuables.kinds(actor) })),
    receiveValuables: movement('ReceiveValuables', (request: sealsV1.ReceiveValuablesRequest, actor) =>
      valuables.receive(actor, {
        kind: text(request.kind, 'kind'),
        firstSerial: serial(request.firstSerial, 'first_serial'),
        lastSerial: serial(request.lastSerial, 'last_serial'),
        documentReference: text(request.documentReference, 'document_reference'),
        idempotencyKey: idempotencyKeyOf(request.idempotencyKey),
      }),
    ),
    issueValuables: movement('IssueValuables', (request: sealsV1.IssueValuablesRequest, actor) =>
      valuables.issue(actor, {
        kind: text(request.kind, 'kind'),
        firstSerial: serial(request.firstSerial, 'first_serial'),
        lastSerial: serial(request.lastSerial, 'last_serial'),
        toUserId: text(request.toUserId, 'to_user_id'),
        idempotencyKey: idempotencyKeyOf(request.idempotencyKey),
      }),
    ),
    useValuable: movement('UseValuable', (request: sealsV1.UseValuableRequest, actor) =>
      valuables.use(actor, {
        kind: text(request.kind, 'kind'),
        serial: serial(request.serial, 'serial'),
        documentReference: text(request.documentReference, 'document_reference'),
        idempotencyKey: idempotencyKeyOf(request.idempotencyKey),
      }),
    ),
    voidValuable: movement('VoidValuable', (request: sealsV1.VoidValuableRequest, actor) =>
      valuables.void(actor, {
        kind: text(request.kind, 'kind'),
        serial: serial(request.serial, 'serial'),
        reason: text(request.reason, 'reason'),
        idempotencyKey: idempotencyKeyOf(request.idempotencyKey),
      }),
    ),
    destroyValuables: movement('DestroyValuables', (request: sealsV1.DestroyValuablesRequest, actor) =>
      valuables.destroy(actor, {
        kind: text(request.kind, 'kind'),
        firstSerial: serial(request.firstSerial, 'first_serial'),
        lastSerial: serial(request.lastSerial, 'last_serial'),
        witnessUserId: text(request.witnessUserId, 'witness_user_id'),
        reason: text(request.reason, 'reason'),
        idempotencyKey: idempotencyKeyOf(request.idempotencyKey),
      }),
    ),
    countValuables: unary('CountValuables', options, async (_request: sealsV1.CountValuablesRequest, { actor }) => {
      const count = await valuables.count(actor);
      return {
        lines: count.lines.map((line) => ({ ...line, registerCount: String(line.registerCount) })),
        agrees: count.agrees,
        countTime: count.countedAt.toISOString(),
      };
    }),
  };
  return { name: 'jinku.seals.v1.ValuableDocumentService', definition: sealsV1.ValuableDocumentServiceService, implementation };
}
