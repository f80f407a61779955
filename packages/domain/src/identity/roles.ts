export const ROLES = ['owner', 'admin', 'manager', 'cashier', 'accountant'] as const;
export type Role = (typeof ROLES)[number];

// Higher rank may manage lower ranks. The accountant sits beside the store hierarchy: it reads
// the books but manages nobody, so it ranks lowest for staff management.
const ROLE_RANK: Record<Role, number> = {
  owner: 100,
  admin: 80,
  manager: 60,
  cashier: 20,
  accountant: 10,
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** An actor may create, change or remove staff only of a strictly lower rank. */
export function canManageRole(actor: Role, target: Role): boolean {
  return ROLE_RANK[actor] > ROLE_RANK[target];
}
