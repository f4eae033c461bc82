-- The start-up backfill (store::queue::backfill) looks for the companies with open service items
-- whose queue key is not computed yet (usually none): this partial index holds only those items,
-- so the look-up stays cheap however many items there are. It carries the condition's columns
-- too, so SQLite answers from the index alone.
CREATE INDEX service_items_unkeyed ON service_items(company_id, closed_at, queue_due_at) WHERE closed_at IS NULL AND queue_due_at IS NULL;
