export {
  createIdentity,
  hashToken,
  type Identity,
  type IdentityOptions,
  type IssuedToken,
  type Jurisdiction,
  type NewUser,
  type PasswordChange,
  type User,
} from './identity';
export type { Handover, HandoverStatus, Leave, NewHandover, NewLeave, StaffChange, StaffChangeKind, StaffChangePage } from './staff';
export { identityMigrations } from './migrations';
export { MACHINE_KEY_PREFIX, PRINCIPAL_KINDS, type IssuedKey, type NewPrincipal, type Principal, type PrincipalKind, type Principals } from './principals';
