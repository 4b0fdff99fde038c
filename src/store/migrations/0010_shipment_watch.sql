CREATE TABLE "shipment_watch" (
	"order_id" text NOT NULL,
	"shipment_id" text NOT NULL,
	"tracking_number" text NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_polled_at" timestamp with time zone,
	"poll_error" text,
	"stale_since" date,
	CONSTRAINT "shipment_watch_order_id_shipment_id_pk" PRIMARY KEY("order_id","shipment_id")
);
--> statement-breakpoint
ALTER TABLE "shipment_watch" ADD CONSTRAINT "shipment_watch_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "shipment_watch_stale_idx" ON "shipment_watch" USING btree ("stale_since");