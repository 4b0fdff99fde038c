-- The proactive scan for passed ship-by days (issue "Proactive") walks open orders by placing time,
-- a batch at a time from where the last one stopped: with this index each batch reads its own rows
-- instead of every open order.
CREATE INDEX "orders_open_placed_idx" ON "orders" USING btree ("placed_at","id") WHERE "orders"."status" = 'open';
