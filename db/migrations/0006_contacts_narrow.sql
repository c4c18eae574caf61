-- Narrower contact rows load faster: warnings become a bit set (see WarningFlags in the grains) and the
-- duplicate keys, which can be recomputed from phone and identifier, are no longer stored.
ALTER TABLE upload_contacts
    DROP COLUMN IF EXISTS warnings,
    DROP COLUMN IF EXISTS phone_key,
    DROP COLUMN IF EXISTS identifier_key,
    ADD COLUMN IF NOT EXISTS warning_flags smallint NOT NULL DEFAULT 0;
