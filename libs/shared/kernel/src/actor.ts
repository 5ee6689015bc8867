/** Posts (岗位) of a treasury, SPEC §11 / R7–R8. */
export const POSTS = [
  'director', // 国库主任
  'department_head', // 部门负责人
  'accounting_supervisor', // 会计主管
  'system_admin', // 系统管理员
  'income_operator', // TC1 收入岗
  'fiscal_refund_operator', // TC2 财政及退库岗
  'reviewer', // TC3 复核岗
  'key_element_auditor', // TC4 重要要素审核岗
  'horizontal_link_operator', // 横联岗
  'voucher_clerk', // 凭证管理员
] as const;

export type Post = (typeof POSTS)[number];

/**
 * What a machine principal (the tax-treasury-bank link front end, an agency bank's or a finance bureau's
 * system) may call; granted at its registration, which the supervisor approves.
 */
export const MACHINE_SCOPES = [
  'receipt_posting', // posts receipt-shaped vouchers (revenue paid in) until the revenue intake replaces it
  'ledger_read', // reads the treasury's vouchers, accounts and statements
  'budget_data', // a finance bureau's system: sends expenditure plans and agency-bank quotas
  'bond_redemption', // the agency bank entrusted with bond redemption: sends its claims (R49)
  'statements', // a counterparty's system (tax, finance, agency bank): returns its side of a reconciliation statement
] as const;

export type MachineScope = (typeof MACHINE_SCOPES)[number];

/**
 * The authenticated caller, as established by the server — never taken from a request field. A person
 * acts through their posts, a machine principal through its scopes; neither ever through both.
 */
export interface Actor {
  readonly kind: 'person' | 'machine' | 'system';
  readonly userId: string;
  readonly login: string;
  readonly treasuryId: string;
  readonly posts: readonly Post[];
  readonly scopes: readonly MachineScope[];
  /**
   * The treasuries the actor's own treasury oversees, itself first: a branch (分库) reaches its
   * sub-treasuries (代理支库), a sub-treasury only itself (R3, R23).
   */
  readonly reach: readonly string[];
  /** The branch at the top of the actor's treasury's jurisdiction (itself for a branch). */
  readonly jurisdictionId: string;
}

/**
 * A system principal of Jinku itself (the interest worker, an approved operation's execution): it holds
 * no post and no scope, so it passes no permission check; only code paths that run an operation the
 * authorization table already allowed use it.
 */
export function systemActor(name: string, treasuryId: string): Actor {
  const login = `system:${name}`;
  return { kind: 'system', userId: login, login, treasuryId, posts: [], scopes: [], reach: [treasuryId], jurisdictionId: treasuryId };
}
