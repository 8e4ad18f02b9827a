// Several handlers for one place, tried in turn: each of the first ones takes the message (true) or
// leaves it to the next; the last one always takes it. E.g. the leaders group: `邀请`/`移除` first,
// then the group's own commands.
export type MaybeHandler<Ctx> = (ctx: Ctx) => Promise<boolean>;

export function firstOf<Ctx>(handlers: Array<MaybeHandler<Ctx>>, last: (ctx: Ctx) => Promise<void>): (ctx: Ctx) => Promise<void> {
  return async (ctx) => {
    for (const handler of handlers) if (await handler(ctx)) return;
    await last(ctx);
  };
}
