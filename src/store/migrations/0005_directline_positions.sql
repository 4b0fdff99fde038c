ALTER TABLE "directline_activities" ADD COLUMN "position" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "directline_conversations" ADD COLUMN "last_position" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE "directline_activities" AS a SET "position" = p.n FROM (SELECT "seq", row_number() OVER (PARTITION BY "conversation_id" ORDER BY "seq") AS n FROM "directline_activities") AS p WHERE a."seq" = p."seq";--> statement-breakpoint
UPDATE "directline_conversations" AS c SET "last_position" = coalesce((SELECT max("position") FROM "directline_activities" AS a WHERE a."conversation_id" = c."id"), 0);--> statement-breakpoint
CREATE UNIQUE INDEX "directline_activities_position_uq" ON "directline_activities" USING btree ("conversation_id","position");
