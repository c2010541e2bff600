CREATE TABLE "llm_turns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"business_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"input" text NOT NULL,
	"state" text NOT NULL,
	"extraction" jsonb,
	"outcome" text NOT NULL,
	"prompt_tokens" integer,
	"completion_tokens" integer,
	"latency_ms" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "llm_turns" ADD CONSTRAINT "llm_turns_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "llm_turns" ADD CONSTRAINT "llm_turns_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "llm_turns_conversation_idx" ON "llm_turns" USING btree ("conversation_id","created_at");--> statement-breakpoint
CREATE INDEX "llm_turns_business_idx" ON "llm_turns" USING btree ("business_id","created_at");