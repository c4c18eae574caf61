-- Loading a million contacts: a three-column primary key doubled the cost of each chunk's COPY.
-- Rows are unique by construction (a chunk's rows are written once per run, in the transaction that
-- records the chunk's result), so a plain index for "this upload's chunk" is all reads and re-runs need.
ALTER TABLE upload_contacts DROP CONSTRAINT IF EXISTS upload_contacts_pkey;
CREATE INDEX IF NOT EXISTS upload_contacts_chunk ON upload_contacts (upload_id, chunk_no);
