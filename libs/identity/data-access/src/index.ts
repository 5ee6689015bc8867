export {
  createIdentity,
  hashToken,
  type Identity,
  type IdentityOptions,
  type IssuedToken,
  type NewUser,
  type PasswordChange,
  type User,
} from './identity';
export type { Handover, HandoverStatus, Leave, NewHandover, NewLeave, StaffChange, StaffChangeKind, StaffChangePage } from './staff';
export { identityMigrations } from './migrations';
