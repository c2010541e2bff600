ALTER TABLE "session_plans" RENAME TO "session_groups";--> statement-breakpoint
ALTER TABLE "bookings" RENAME COLUMN "session_plan_id" TO "session_group_id";--> statement-breakpoint
ALTER TABLE "payments" RENAME COLUMN "session_plan_id" TO "session_group_id";--> statement-breakpoint
ALTER TABLE "session_groups" DROP CONSTRAINT "session_plans_status_values";--> statement-breakpoint
ALTER TABLE "bookings" DROP CONSTRAINT "bookings_session_plan_id_session_plans_id_fk";
--> statement-breakpoint
ALTER TABLE "payments" DROP CONSTRAINT "payments_session_plan_id_session_plans_id_fk";
--> statement-breakpoint
ALTER TABLE "session_groups" DROP CONSTRAINT "session_plans_business_id_businesses_id_fk";
--> statement-breakpoint
ALTER TABLE "session_groups" DROP CONSTRAINT "session_plans_customer_id_customers_id_fk";
--> statement-breakpoint
ALTER TABLE "session_groups" DROP CONSTRAINT "session_plans_service_id_services_id_fk";
--> statement-breakpoint
DROP INDEX "session_plans_customer_idx";--> statement-breakpoint
DROP INDEX "bookings_plan_idx";--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_session_group_id_session_groups_id_fk" FOREIGN KEY ("session_group_id") REFERENCES "public"."session_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_session_group_id_session_groups_id_fk" FOREIGN KEY ("session_group_id") REFERENCES "public"."session_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_groups" ADD CONSTRAINT "session_groups_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_groups" ADD CONSTRAINT "session_groups_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_groups" ADD CONSTRAINT "session_groups_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "session_groups_customer_idx" ON "session_groups" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "bookings_plan_idx" ON "bookings" USING btree ("session_group_id");--> statement-breakpoint
ALTER TABLE "session_groups" ADD CONSTRAINT "session_groups_status_values" CHECK ("session_groups"."status" in ('active', 'completed', 'cancelled'));