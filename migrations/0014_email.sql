ALTER TABLE "customers" ADD COLUMN "email_opted_out_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "recipient" text DEFAULT 'customer' NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "booking_id" uuid;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "idempotency_key" text;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "messages_booking_idx" ON "messages" USING btree ("booking_id");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_idempotency_unique" ON "messages" USING btree ("business_id","idempotency_key");--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_channel_values" CHECK ("messages"."channel" in ('sms', 'whatsapp', 'email'));--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_recipient_values" CHECK ("messages"."recipient" in ('customer', 'staff'));