-- Double booking is impossible by construction: no two live bookings of one staff member may
-- overlap, buffer included. Cancelled and expired bookings no longer hold their time.
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_no_overlap" EXCLUDE USING gist (
  "staff_id" WITH =,
  tstzrange("start_at", "blocked_until", '[)') WITH &&
) WHERE ("status" NOT IN ('cancelled', 'expired'));
