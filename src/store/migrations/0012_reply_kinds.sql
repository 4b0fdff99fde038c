ALTER TABLE "messages" ADD COLUMN "reply_kind" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "order_stage" text;--> statement-breakpoint
CREATE INDEX "messages_created_idx" ON "messages" USING btree ("created_at");--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_order_stage_check" CHECK ("messages"."order_stage" IN ('pre_shipment', 'in_transit', 'delivered', 'cancelled'));