-- Raw chunks: lz4 is several times cheaper than the default pglz for the same size; where the server
-- was built without lz4, store them uncompressed rather than pay pglz on every upload.
DO $$
BEGIN
    ALTER TABLE upload_chunks ALTER COLUMN data SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value OR undefined_object THEN
    ALTER TABLE upload_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
END
$$;

-- Per-chunk tallies of accepted rows, so final counts read the few excluded rows, not every contact.
ALTER TABLE upload_chunk_results
    ADD COLUMN IF NOT EXISTS warned int NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS timezone_missing int NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS warnings jsonb NOT NULL DEFAULT '{}'::jsonb;

-- File-wide rules exclude a few rows of many: find them without scanning the rest.
CREATE INDEX IF NOT EXISTS upload_contacts_excluded
    ON upload_contacts (upload_id, chunk_no, row_number) WHERE excluded IS NOT NULL;
