/** Exit statuses (README "Exit status"). */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** A usage or tool error: printed as one line on stderr, exit status 2. */
export class UsageError extends Error {}
