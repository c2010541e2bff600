/** Bookings: the searchable list at /console/bookings, one booking's page at /console/bookings/<id>. */
import { useLocation } from "../router";
import type { Me } from "../types";
import { BookingDetailPage } from "./bookings/BookingDetailPage";
import { BookingList } from "./bookings/BookingList";

export function BookingsPage(props: { me: Me }) {
  const { path } = useLocation();
  const id = path.startsWith("/console/bookings/") ? path.slice("/console/bookings/".length) : undefined;
  return id ? <BookingDetailPage key={id} id={id} me={props.me} /> : <BookingList me={props.me} />;
}
