/** Bookings: not built yet. */
import type { Me } from "../types";
import { ComingNext } from "./ComingNext";

export function BookingsPage(_props: { me: Me }) {
  return <ComingNext title="Bookings" />;
}
