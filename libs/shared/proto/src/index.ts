export * as ledgerV1 from './gen/jinku/ledger/v1/ledger';
export * as identityV1 from './gen/jinku/identity/v1/identity';
export * as googleRpc from './gen/google/rpc/error_details';
export { Status } from './gen/google/rpc/status';
export { Any } from './gen/google/protobuf/any';
export * as approvalsV1 from './gen/jinku/approvals/v1/approvals';
export * as interestV1 from './gen/jinku/interest/v1/interest';
export * as sealsV1 from './gen/jinku/seals/v1/seals';
