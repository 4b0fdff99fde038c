ALTER TABLE "inbound_receipts" ADD COLUMN "completed_at" timestamp with time zone;--> statement-breakpoint
UPDATE "inbound_receipts" SET "completed_at" = "received_at";
