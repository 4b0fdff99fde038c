CREATE TABLE "proactive_notices" (
	"order_id" text NOT NULL,
	"kind" text NOT NULL,
	"shipment_id" text,
	"detected_at" timestamp with time zone NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"state" text NOT NULL,
	"reason" text,
	"due_at" timestamp with time zone,
	"channel" text,
	"conversation_key" text,
	"language" text,
	"text" text,
	"provider_message_id" text,
	"sent_at" timestamp with time zone,
	CONSTRAINT "proactive_notices_order_id_kind_pk" PRIMARY KEY("order_id","kind"),
	CONSTRAINT "proactive_notices_kind_check" CHECK ("proactive_notices"."kind" IN ('ship_by_passed', 'fulfilment_delayed', 'eta_passed', 'eta_later', 'stale', 'exception', 'failed_attempt', 'customs_hold', 'returned')),
	CONSTRAINT "proactive_notices_state_check" CHECK ("proactive_notices"."state" IN ('pending', 'sent', 'delivered', 'failed', 'suppressed')),
	CONSTRAINT "proactive_notices_language_check" CHECK ("proactive_notices"."language" IN ('en', 'es', 'fr', 'de', 'it', 'pt', 'ru', 'zh'))
);
--> statement-breakpoint
ALTER TABLE "proactive_notices" ADD CONSTRAINT "proactive_notices_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "proactive_notices_due_idx" ON "proactive_notices" USING btree ("state","due_at");--> statement-breakpoint
CREATE INDEX "proactive_notices_detected_idx" ON "proactive_notices" USING btree ("detected_at");--> statement-breakpoint
CREATE INDEX "proactive_notices_conversation_idx" ON "proactive_notices" USING btree ("conversation_key","sent_at");