/** A hook request that cannot be carried out as asked (unknown unit, a foreign file in the way): exit status 2. */
export class HookError extends Error {}
