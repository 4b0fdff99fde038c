CREATE TABLE "source_events" (
	"source" text NOT NULL,
	"event_id" text NOT NULL,
	"topic" text NOT NULL,
	"order_id" text,
	"outcome" text NOT NULL,
	"detail" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "source_events_source_event_id_pk" PRIMARY KEY("source","event_id"),
	CONSTRAINT "source_events_outcome_check" CHECK ("source_events"."outcome" IN ('applied', 'duplicate', 'stale', 'ignored', 'rejected'))
);
--> statement-breakpoint
CREATE TABLE "source_records" (
	"source" text NOT NULL,
	"record_key" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"local_id" text,
	CONSTRAINT "source_records_source_record_key_pk" PRIMARY KEY("source","record_key")
);
--> statement-breakpoint
CREATE INDEX "source_events_received_idx" ON "source_events" USING btree ("received_at");