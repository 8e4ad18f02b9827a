// The traffic chaos runs send: residents of a simulated district reporting problems (varied
// templates, so tickets differ) among everyday chit-chat. Deterministic for a given seed.

export interface BurstMessage {
  /** Message id: the same id again is a re-delivery. */
  id: string;
  roomId: string;
  from: string;
  text: string;
  /** Written as a report of a problem (the bot should open or join a ticket for it). */
  request: boolean;
}

export interface ChaosWorldRoom {
  id: string;
  community: string;
  residents: string[];
}

/** mulberry32: small, fast, good enough to pick templates. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Slots = Record<string, string>;
const REQUESTS: Array<(s: Slots) => string> = [
  (s) => `${s.b}栋${s.u}单元电梯又坏了，停在${s.f}楼不动，老人下不了楼，麻烦物业尽快来修`,
  (s) => `报修：${s.b}号楼${s.u}单元楼道灯全坏了，晚上黑漆漆的，上下楼很危险`,
  (s) => `${s.b}栋楼下垃圾桶${s.d}天没人清运了，臭得不行，苍蝇到处飞，请环卫处理一下`,
  (s) => `投诉：${s.b}栋${s.f}楼有人晚上${s.h}点还在装修，电钻声吵得根本睡不着`,
  (s) => `小区${s.gate}门口的路灯坏了好几天了，晚上走路看不清，麻烦反映一下`,
  (s) => `${s.b}号楼地下室积水很深，好像水管爆了，请尽快派人来看看`,
  (s) => `求助：${s.b}栋${s.u}单元门禁坏了，门关不上，陌生人随便进出`,
  (s) => `反映一下：${s.b}栋楼道里有人给电动车充电，电线从${s.f}楼飞线拉下来，太危险了`,
  (s) => `${s.b}栋楼下有车堵住了消防通道，已经停了${s.d}天，麻烦处理一下`,
  (s) => `我家${s.b}栋${s.f}楼卫生间天花板漏水，是楼上渗下来的，找不到人，请社区协调一下`,
  (s) => `${s.b}栋${s.u}单元自来水发黄，从今天早上开始的，还能喝吗？请物业查一下`,
  (s) => `报修：${s.b}号楼楼顶漏水，下雨天我家${s.f}楼天花板一直往下滴水`,
  (s) => `投诉：${s.gate}门外有人摆摊占道经营，早上堵得车都出不去`,
  (s) => `${s.b}栋${s.u}单元楼梯扶手松了，${s.f}楼那段晃得厉害，老人扶着不安全，请尽快修一下`,
  (s) => `${s.b}栋楼下的井盖不见了，留了个大坑，晚上有人会掉下去，赶紧处理`,
  (s) => `反映：${s.b}号楼${s.f}楼有人高空抛物，今天又扔下来一袋垃圾，差点砸到人`,
];
const CHAT: string[] = [
  '大家早上好🌞',
  '收到，谢谢',
  '好的👌',
  '今天天气真不错',
  '哈哈哈哈',
  '谢谢物业师傅，辛苦了👍',
  '有人知道附近哪家菜市场便宜吗',
  '孩子们放学了吗',
  '明天降温，大家注意保暖',
  '👍👍👍',
  '好的好的',
  '周末有人一起去公园散步吗',
  '晚安各位邻居🌙',
  '刚做了红烧肉，香得很😋',
  '今天的快递到了没',
  '谁家的猫这么可爱🐱',
];
const GATES = ['东', '西', '南', '北', '正'];

/** `n` messages over `rooms`, about `requestShare` of them reports. Ids are `${prefix}-${i}`. */
export function makeBurst(n: number, rooms: ChaosWorldRoom[], opts: { seed?: number; requestShare?: number; prefix?: string } = {}): BurstMessage[] {
  const random = rng(opts.seed ?? 42);
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
  const share = opts.requestShare ?? 0.4;
  const prefix = opts.prefix ?? 'chaos';
  const out: BurstMessage[] = [];
  for (let i = 0; i < n; i++) {
    const room = rooms[i % rooms.length]!;
    const request = random() < share;
    const slots: Slots = {
      b: String(1 + Math.floor(random() * 40)),
      u: String(1 + Math.floor(random() * 6)),
      f: String(2 + Math.floor(random() * 30)),
      d: String(2 + Math.floor(random() * 6)),
      h: String(22 + Math.floor(random() * 3)),
      gate: pick(GATES),
    };
    out.push({ id: `${prefix}-${i}`, roomId: room.id, from: pick(room.residents), text: request ? pick(REQUESTS)(slots) : pick(CHAT), request });
  }
  return out;
}
