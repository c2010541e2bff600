/** Price arithmetic, in integer cents. */

/** A price with a code's percentage off, to the cent. */
export function discounted(priceCents: number, percentOff: number | undefined): number {
  return percentOff ? Math.round((priceCents * (100 - percentOff)) / 100) : priceCents;
}
