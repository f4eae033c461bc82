-- The staff's growing lists are paged on the server (keyset), each walking an index in its order.
-- The service queue's order is each open item's nearest open deadline: it depends on the
-- company's service levels, so the server computes it and keeps it on the item; a write that can
-- move it (a status change, a settings change) empties it and the next queue read fills it in
-- (NULL: not yet computed; 9223372036854775807: no open deadline, listed last).
ALTER TABLE service_items ADD COLUMN queue_due_at BIGINT;
CREATE INDEX service_items_queue ON service_items(company_id, queue_due_at, id) WHERE closed_at IS NULL;
-- Overdue surveys (the staff's call tasks), oldest due first.
CREATE INDEX surveys_unanswered_due ON surveys(company_id, due_date, id) WHERE answered_at IS NULL;
-- Survey comments, newest answer first.
CREATE INDEX surveys_company_answered_id ON surveys(company_id, answered_at, id);
