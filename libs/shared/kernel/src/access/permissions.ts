import { POSTS, type MachineScope, type Post } from '../actor';

/**
 * Where a permission reaches: `own` — the actor's own treasury only; `jurisdiction` — also the
 * sub-treasuries a branch oversees (R3, R23); `branch` — only a branch's own people acting on the branch
 * itself (parameters shared by the whole jurisdiction, R19(1)).
 */
export type Reach = 'own' | 'jurisdiction' | 'branch';

/**
 * `entry` enters business (制单); supervisors and system admins enter none unless the row names their post
 * (R6, R17). `check` is a maker-checker step, `read` a query, `admin` maintenance.
 */
export type PermissionKind = 'entry' | 'check' | 'read' | 'admin';

export interface PermissionRule {
  readonly kind: PermissionKind;
  readonly posts: readonly Post[];
  readonly scopes: readonly MachineScope[];
  readonly reach: Reach;
  /** The stable reason of the PERMISSION_DENIED refusal when the caller lacks it. */
  readonly refusal: string;
  /** The rulebook articles behind the row. */
  readonly rule: string;
}

const ALL_POSTS: readonly Post[] = POSTS;
/** The operators who enter accounting data (录入); every voucher they enter then goes through review. */
const ENTRY_POSTS: readonly Post[] = ['income_operator', 'fiscal_refund_operator', 'horizontal_link_operator'];

const rule = (kind: PermissionKind, posts: readonly Post[], reach: Reach, refusal: string, articles: string, scopes: readonly MachineScope[] = []): PermissionRule => ({
  kind,
  posts,
  scopes,
  reach,
  refusal,
  rule: articles,
});

/**
 * Who may do what: the one table every use case consults (through `authorize`) before it reads or writes
 * anything. People hold permissions through their posts, machine principals through their scopes. Checking
 * one's own work (一手清) is refused separately, by the approvals steps.
 */
export const PERMISSIONS = {
  // Ledger
  'ledger.read': rule('read', ALL_POSTS, 'own', 'OTHER_TREASURY', 'R6', ['ledger_read', 'receipt_posting']),
  'voucher.post_receipt': rule('entry', [], 'own', 'POST_MAY_NOT_POST', 'R18(1), R31', ['receipt_posting']),
  'voucher.enter_manual': rule('entry', ENTRY_POSTS, 'own', 'POST_MAY_NOT_INITIATE', 'R18(6), R19(3)'),
  'voucher.correct': rule('entry', ENTRY_POSTS, 'own', 'POST_MAY_NOT_INITIATE', 'R30, R40–R42'),
  'opening_balance.enter': rule('entry', ['income_operator', 'fiscal_refund_operator'], 'own', 'POST_MAY_NOT_INITIATE', 'R18(3), R19(3)'),
  'day.close': rule('check', ['accounting_supervisor', 'reviewer'], 'own', 'POST_MAY_NOT_CLOSE_DAY', 'R22, R57(4)'),
  'calendar.read': rule('read', ALL_POSTS, 'jurisdiction', 'OTHER_TREASURY', 'R19(1)'),
  'calendar.change': rule('admin', ['system_admin'], 'branch', 'POST_MAY_NOT_INITIATE', 'R7, R19(1)'),
  // Operations through approvals
  'transfer.enter_outward': rule('entry', ['fiscal_refund_operator'], 'own', 'POST_MAY_NOT_INITIATE', 'R18(3), R19(3)'),
  'inquiry.enter_reply': rule('entry', ['key_element_auditor', 'income_operator', 'fiscal_refund_operator'], 'own', 'POST_MAY_NOT_INITIATE', 'R18(5)'),
  'request.read': rule('read', ALL_POSTS, 'jurisdiction', 'OTHER_TREASURY', 'R19(3)'),
  'request.review': rule('check', ['reviewer'], 'jurisdiction', 'POST_MAY_NOT_ACT', 'R18(3)'),
  'request.audit_key_elements': rule('check', ['key_element_auditor'], 'jurisdiction', 'POST_MAY_NOT_ACT', 'R18(3)'),
  'request.approve': rule('check', ['accounting_supervisor'], 'jurisdiction', 'POST_MAY_NOT_ACT', 'R18(4), R19(3), R40'),
  'audit.read': rule('read', ['director', 'department_head', 'accounting_supervisor', 'reviewer'], 'jurisdiction', 'POST_MAY_NOT_READ_AUDIT_TRAIL', 'R19(3), R75'),
  // Interest
  'interest.read': rule('read', ALL_POSTS, 'own', 'OTHER_TREASURY', 'R46–R48'),
  'interest.run': rule('check', ['accounting_supervisor'], 'own', 'POST_MAY_NOT_RUN_INTEREST', 'R47'),
  'interest.correct': rule('entry', ['income_operator'], 'own', 'POST_MAY_NOT_INITIATE', 'R48'),
  'rate.read': rule('read', ALL_POSTS, 'jurisdiction', 'OTHER_TREASURY', 'R47'),
  'rate.change': rule('admin', ['system_admin'], 'branch', 'POST_MAY_NOT_INITIATE', 'R7, R19(1), R47'),
  // Seals: registered by the system admin or the supervisor (R80–R81); the supervisor puts seals in use and
  // stops them; the department head seals away and destroys (R81). Applying one is checked against its
  // custodian or owner by the seals domain (R82); every post may apply the seal handed to it.
  'seal.register': rule('admin', ['system_admin', 'accounting_supervisor'], 'own', 'POST_MAY_NOT_MANAGE_SEALS', 'R80–R81'),
  'seal.put_in_use': rule('check', ['accounting_supervisor'], 'own', 'POST_MAY_NOT_MANAGE_SEALS', 'R81'),
  'seal.stop': rule('check', ['accounting_supervisor', 'department_head'], 'own', 'POST_MAY_NOT_MANAGE_SEALS', 'R81'),
  'seal.seal_away': rule('check', ['department_head'], 'own', 'POST_MAY_NOT_MANAGE_SEALS', 'R81'),
  'seal.destroy': rule('check', ['department_head'], 'own', 'POST_MAY_NOT_MANAGE_SEALS', 'R81–R82'),
  'seal.apply': rule('check', ALL_POSTS, 'own', 'POST_MAY_NOT_APPLY_SEAL', 'R79, R82'),
  // Revenue: receipts come in only from a collecting authority's link (R31); sharing parameters are the
  // branch's, for its whole jurisdiction, and change only through an approved request (R19(1)).
  'revenue.submit_receipts': rule('entry', [], 'own', 'POST_MAY_NOT_SUBMIT_RECEIPTS', 'R31', ['receipt_posting']),
  'revenue.read': rule('read', ALL_POSTS, 'jurisdiction', 'OTHER_TREASURY', 'R31', ['ledger_read', 'receipt_posting']),
  'sharing.change': rule('admin', ['system_admin'], 'branch', 'POST_MAY_NOT_INITIATE', 'R19(1), R31'),
  // Day end: the parts kept by other treasuries are remitted by whoever closes the day (R22, R31).
  'revenue.remit': rule('check', ['accounting_supervisor', 'reviewer'], 'own', 'POST_MAY_NOT_REMIT', 'R22, R31'),
  // Refunds (退库): entered by the fiscal-refund operator (TC2), then reviewed, audited blind and approved.
  'refund.enter': rule('entry', ['fiscal_refund_operator'], 'own', 'POST_MAY_NOT_INITIATE', 'R18(3), R33–R34'),
  'refund.read': rule('read', ALL_POSTS, 'jurisdiction', 'OTHER_TREASURY', 'R33'),
  // Corrections and reallocations of budget revenue (更正/调库): the income operator enters the erring party's
  // notice or the treasury's own correction; reviewed, and approved by the supervisor when the treasury erred (R40).
  'correction.enter': rule('entry', ['income_operator'], 'own', 'POST_MAY_NOT_INITIATE', 'R40–R45'),
  'correction.read': rule('read', ALL_POSTS, 'jurisdiction', 'OTHER_TREASURY', 'R40–R42'),
  // Disbursement (库款支拨): plans and quotas come from the finance bureau's system (no person types them in);
  // the fiscal operator (TC2) enters appropriations and clearing requests, then review and the blind key-element audit.
  'budget.submit': rule('entry', [], 'own', 'POST_MAY_NOT_SUBMIT_BUDGET_DATA', 'R37, R39(2), R39(4)', ['budget_data']),
  'disbursement.enter': rule('entry', ['fiscal_refund_operator'], 'own', 'POST_MAY_NOT_INITIATE', 'R18(3), R35–R39'),
  'monitoring.change': rule('admin', ['system_admin'], 'branch', 'POST_MAY_NOT_INITIATE', 'R19(1)'),
  'disbursement.read': rule('read', ALL_POSTS, 'jurisdiction', 'OTHER_TREASURY', 'R35–R39', ['budget_data']),
  // Bond redemption (国债兑付): issues registered by the system admin and approved; the entrusted agency bank's
  // system sends claims (surrender first, R49); the fiscal operator enters the payment of a verified claim.
  'bond.register': rule('admin', ['system_admin'], 'own', 'POST_MAY_NOT_INITIATE', 'R19(1), R49'),
  'bond.claim': rule('entry', [], 'own', 'POST_MAY_NOT_CLAIM_REDEMPTION', 'R49', ['bond_redemption']),
  'bond.pay': rule('entry', ['fiscal_refund_operator'], 'own', 'POST_MAY_NOT_INITIATE', 'R18(3), R49–R50'),
  'bond.read': rule('read', ALL_POSTS, 'jurisdiction', 'OTHER_TREASURY', 'R49–R52', ['bond_redemption']),
  // Reconciliation (对账): the accounting posts prepare statements, match them and record the signed result; the
  // counterparty's side comes only from its own system (R55–R58).
  'reconciliation.prepare': rule('check', ['income_operator', 'fiscal_refund_operator', 'reviewer', 'accounting_supervisor'], 'own', 'POST_MAY_NOT_RECONCILE', 'R55–R58'),
  'reconciliation.submit': rule('entry', [], 'own', 'POST_MAY_NOT_SUBMIT_STATEMENTS', 'R56, R58', ['statements']),
  'reconciliation.read': rule('read', ALL_POSTS, 'jurisdiction', 'OTHER_TREASURY', 'R55–R59', ['statements']),
  'seal.read': rule('read', ALL_POSTS, 'own', 'OTHER_TREASURY', 'R81'),
  // Anyone the treasury deals with may check what its seals signed, and fetch the public key to do so.
  'seal.verify': rule('read', ALL_POSTS, 'own', 'POST_MAY_NOT_VERIFY_SEALS', 'R82', ['ledger_read']),
  // A seal changes hands through an approved handover, entered by its custodian (R82 交接, R13).
  'seal.hand_over': rule('entry', ALL_POSTS, 'own', 'POST_MAY_NOT_INITIATE', 'R13, R82'),
  // Specimen cards of counterpart units (R83–R86): entered by the operators who handle refunds,
  // corrections and disbursements, approved by the supervisor; every post checks documents against them.
  'specimen.enter': rule('entry', ['income_operator', 'fiscal_refund_operator'], 'own', 'POST_MAY_NOT_INITIATE', 'R83, R86'),
  'specimen.read': rule('read', ALL_POSTS, 'own', 'OTHER_TREASURY', 'R83, R85'),
  // Important blank vouchers and valuable documents (R27): the voucher clerk keeps the stock and issues it,
  // users use and void what was issued to them, the department head destroys before a witness, and the
  // supervisor or department head counts stock against the books (证、账分管: the clerk keeps no books).
  'valuables.keep': rule('check', ['voucher_clerk'], 'own', 'POST_MAY_NOT_KEEP_VALUABLES', 'R27'),
  'valuables.use': rule('check', ALL_POSTS, 'own', 'POST_MAY_NOT_USE_VALUABLES', 'R27'),
  'valuables.destroy': rule('check', ['department_head'], 'own', 'POST_MAY_NOT_DESTROY_VALUABLES', 'R27'),
  'valuables.count': rule('check', ['accounting_supervisor', 'department_head'], 'own', 'POST_MAY_NOT_COUNT_VALUABLES', 'R27'),
  'valuables.read': rule('read', ALL_POSTS, 'own', 'OTHER_TREASURY', 'R27'),
  // Identity
  'principal.register': rule('admin', ['system_admin'], 'jurisdiction', 'POST_MAY_NOT_INITIATE', 'R7, R19(1)'),
  'principal.issue_credential': rule('admin', ['system_admin'], 'jurisdiction', 'POST_MAY_NOT_MANAGE_PRINCIPALS', 'R7, R74'),
  'principal.read': rule('read', ['system_admin', 'accounting_supervisor', 'director'], 'jurisdiction', 'OTHER_TREASURY', 'R7'),
  'staff.assign_posts': rule('admin', ['system_admin'], 'jurisdiction', 'POST_MAY_NOT_ASSIGN_POSTS', 'R6–R8, R17'),
  'staff.unlock_login': rule('admin', ['system_admin'], 'jurisdiction', 'POST_MAY_NOT_UNLOCK_LOGIN', 'R7, R74'),
  'staff.supervise_handover': rule('check', ['director', 'department_head', 'accounting_supervisor'], 'jurisdiction', 'WRONG_HANDOVER_SUPERVISOR', 'R13–R14'),
  'staff.record_leave': rule('check', ['department_head', 'accounting_supervisor'], 'jurisdiction', 'POST_MAY_NOT_RECORD_LEAVE', 'R11'),
  'staff.read': rule('read', ALL_POSTS, 'jurisdiction', 'OTHER_TREASURY', 'R12'),
} as const satisfies Record<string, PermissionRule>;

export type Permission = keyof typeof PERMISSIONS;
