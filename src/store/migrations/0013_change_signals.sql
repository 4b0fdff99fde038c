-- Change signals (issue "A turn in two round trips", streams without polling): every statement that
-- stores Direct Line activities, cases or transcript messages sends a NOTIFY, so the WebSocket
-- streams and the inbox feed of every instance read at once instead of polling. The payload starts
-- with the schema (instances of other bots, or tests, may share the database), then what changed.
CREATE OR REPLACE FUNCTION notify_directline() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ids text;
BEGIN
  SELECT string_agg(DISTINCT conversation_id, ' ') INTO ids FROM new_rows;
  IF ids IS NOT NULL THEN
    -- NOTIFY payloads stop at 8000 bytes: a longer list says "every conversation".
    PERFORM pg_notify('wismo_directline', TG_TABLE_SCHEMA || ' ' || CASE WHEN length(ids) > 7000 THEN '*' ELSE ids END);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER directline_activities_notify AFTER INSERT ON directline_activities
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_directline();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION notify_cases() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('wismo_cases', TG_TABLE_SCHEMA);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER cases_notify AFTER INSERT OR UPDATE ON cases FOR EACH STATEMENT EXECUTE FUNCTION notify_cases();
--> statement-breakpoint
CREATE TRIGGER messages_notify AFTER INSERT ON messages FOR EACH STATEMENT EXECUTE FUNCTION notify_cases();
