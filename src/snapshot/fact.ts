/** A gathered fact, or the reason it could not be gathered. Gatherers never throw past this boundary. */
export interface Unavailable {
  unavailable: string;
}

export type Fact<T> = T | Unavailable;

export function isUnavailable<T>(fact: Fact<T> | undefined): fact is Unavailable {
  return typeof fact === 'object' && fact !== null && 'unavailable' in fact;
}

export function unavailable(reason: string): Unavailable {
  return { unavailable: reason };
}

/** Returns the fact's value, or undefined when it was not gathered. */
export function available<T>(fact: Fact<T> | undefined): T | undefined {
  return fact === undefined || isUnavailable(fact) ? undefined : fact;
}
