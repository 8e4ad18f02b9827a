// Which bot accounts sit in which configured group (design.md, "World server"). With one account
// it is in every group. With two, the second community's resident groups have account 2 only,
// the first resident group of the first community and the leaders group have both, and every
// other group (the duty groups among them) has account 1 only — so one test machine can try
// shared groups, groups served by one account, and a duty group a report's account is not in.
import type { SandboxConfig } from '../../config/sandbox-config.js';

export interface WorldAccountRef {
  id: string;
  name: string;
}

export const MAX_WORLD_ACCOUNTS = 2;

/** The bot accounts: the configured bot first, then `<id>-2` / `<name>2`. */
export function worldAccounts(config: SandboxConfig, count: number): WorldAccountRef[] {
  if (!Number.isInteger(count) || count < 1 || count > MAX_WORLD_ACCOUNTS) {
    throw new Error(`the world serves 1 to ${MAX_WORLD_ACCOUNTS} bot accounts (got ${count})`);
  }
  const accounts = [{ id: config.bot.id, name: config.bot.name }];
  for (let n = 2; n <= count; n++) accounts.push({ id: `${config.bot.id}-${n}`, name: `${config.bot.name}${n}` });
  return accounts;
}

/** Room id → the ids of the accounts in it, for every group config/sandbox.yaml lists. */
export function placeAccounts(config: SandboxConfig, accounts: WorldAccountRef[]): Map<string, string[]> {
  const placement = new Map<string, string[]>();
  const [first, second] = accounts;
  const everyRoom = [...config.communities.flatMap((c) => [...c.residentGroups, c.dutyGroup]), config.leadersGroup];
  for (const room of everyRoom) placement.set(room.id, [first!.id]);
  if (!second) return placement;
  const secondCommunity = config.communities[1];
  if (!secondCommunity) throw new Error('two bot accounts need at least two communities in the world');
  for (const room of secondCommunity.residentGroups) placement.set(room.id, [second.id]);
  placement.set(config.communities[0]!.residentGroups[0]!.id, [first!.id, second.id]);
  placement.set(config.leadersGroup.id, [first!.id, second.id]);
  return placement;
}
