// wechaty-puppet-wechat4u 1.14 restarts its web client whenever that client reports a logout —
// including the logout its own stop() causes, and a failed start's: the restart runs after a few
// awaits, by when stop() has dropped the client, and ends in "Cannot read properties of undefined
// (reading 'start')" as an unhandled rejection (it also deletes the saved login from the memory
// card). Around every stop of a wechat4u puppet the bot takes that listener off and leaves an
// inert client in place, which the next start replaces. Any other puppet is left as it is.

interface Wechat4uPuppet {
  wechat4u?: { removeAllListeners?(event: string): unknown } | undefined;
}

const INERT_CLIENT = { start() {}, stop() {}, removeAllListeners() {} };

function isWechat4u(puppet: unknown): puppet is Wechat4uPuppet {
  return typeof puppet === 'object' && puppet !== null && 'wechat4u' in puppet;
}

/** Before stopping: no restart on the logout the stop causes. */
export function beforeWechat4uStop(puppet: unknown): void {
  if (isWechat4u(puppet)) puppet.wechat4u?.removeAllListeners?.('logout');
}

/** After stopping: a restart already under way finds a client that does nothing. */
export function afterWechat4uStop(puppet: unknown): void {
  if (isWechat4u(puppet) && !puppet.wechat4u) puppet.wechat4u = INERT_CLIENT;
}
