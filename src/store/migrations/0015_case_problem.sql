-- A case keeps the problem the shopper described, so its summary is composed when read (the case is
-- opened by one statement with the turn's commit, which cannot compose the English line itself).
ALTER TABLE "cases" ADD COLUMN "problem" text;
