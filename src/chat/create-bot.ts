// The Wechaty bot: on the sandbox's mock puppet, or on the puppet the environment names.
import { WechatyBuilder, type Wechaty } from 'wechaty';
import type { Env } from '../config/env.js';
import type { SandboxWiring } from './sandbox/sandbox-wiring.js';

export function createBot(env: Env, sandbox: SandboxWiring | null): Wechaty {
  if (sandbox) return WechatyBuilder.build({ puppet: sandbox.world.puppet }); // no name: the sandbox keeps no memory card on disk
  return WechatyBuilder.build({
    name: env.WECHATY_NAME,
    puppet: env.WECHATY_PUPPET as never,
    puppetOptions: { token: env.WECHATY_PUPPET_SERVICE_TOKEN, endpoint: env.WECHATY_PUPPET_SERVICE_ENDPOINT },
  });
}
