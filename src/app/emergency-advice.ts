// What a resident should do right now, before any staff member reads the ticket.
import { EMERGENCY_ADVICE } from './texts.js';

const SIGNS: Array<[keyof typeof EMERGENCY_ADVICE, RegExp]> = [
  ['gas', /煤气|燃气|天然气|液化气|漏气|气味.*(刺鼻|很重)/],
  ['fire', /着火|失火|起火|火灾|冒烟|浓烟|烧起来|火苗|火花/],
  ['medical', /摔倒|摔了|跌倒|晕倒|昏倒|昏迷|不省人事|受伤|流血|喘不上气|呼吸困难|心脏|不舒服|叫不醒|没反应.*(老人|老太|老爷|奶奶|爷爷)|(老人|老太|老爷|奶奶|爷爷).*没反应/],
  ['police', /打架|斗殴|动刀|砍人|持刀|入室|撬门|撬锁|抢劫|抢东西|行凶/],
];

/** Advice lines for an urgent report, in the order above; null when nothing applies. */
export function emergencyAdviceFor(text: string, urgent: boolean): string | null {
  if (!urgent) return null;
  const lines = SIGNS.filter(([, re]) => re.test(text)).map(([kind]) => EMERGENCY_ADVICE[kind]);
  return lines.length ? lines.join('\n') : null;
}
