-- The org contact directory: every dialable contact of an upload that was attached or consumed,
-- one row per (org, identifier); the latest upload wins, first_seen_at is kept.
CREATE TABLE IF NOT EXISTS org_contacts (
    org_id          text        NOT NULL,
    identifier      text        NOT NULL,
    phone           text        NOT NULL,
    phone_ext       text,
    timezone        text,
    first_name      text,
    last_name       text,
    email           text,
    company         text,
    crm_id          text,
    consent         smallint    NOT NULL,
    postal_code     text,
    country         text,
    custom          jsonb,
    first_seen_at   timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    last_upload_id  text        NOT NULL,
    PRIMARY KEY (org_id, identifier)
);
CREATE INDEX IF NOT EXISTS org_contacts_phone ON org_contacts (org_id, phone);

-- Which uploads brought a contact into the directory (contact(identifier) lists them).
CREATE TABLE IF NOT EXISTS org_contact_uploads (
    org_id      text        NOT NULL,
    identifier  text        NOT NULL,
    upload_id   text        NOT NULL,
    seen_at     timestamptz NOT NULL,
    PRIMARY KEY (org_id, identifier, upload_id)
);

-- Pasted contact ids of a draft's audience, in paste order (duplicates in the paste removed).
CREATE TABLE IF NOT EXISTS audience_contact_ids (
    org_id       text   NOT NULL,
    campaign_id  text   NOT NULL,
    position     int    NOT NULL,
    identifier   text   NOT NULL,
    PRIMARY KEY (org_id, campaign_id, position)
);

-- Saved filters over the directory; the segment grain owns each row, this is its index for lists and SQL.
CREATE TABLE IF NOT EXISTS segments (
    org_id      text        NOT NULL,
    segment_id  text        NOT NULL,
    name        text        NOT NULL,
    conditions  jsonb       NOT NULL,
    created_by  text        NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    version     int         NOT NULL,
    deleted_at  timestamptz,
    PRIMARY KEY (org_id, segment_id)
);

-- Launches from the directory (pasted ids, segments) have no upload row behind each task.
ALTER TABLE launches
    ALTER COLUMN upload_id DROP NOT NULL,
    ADD COLUMN IF NOT EXISTS source text NOT NULL DEFAULT 'CSV',
    ADD COLUMN IF NOT EXISTS segment_id text,
    ADD COLUMN IF NOT EXISTS segment_conditions jsonb;
ALTER TABLE dial_tasks
    ALTER COLUMN upload_id DROP NOT NULL,
    ALTER COLUMN row_number DROP NOT NULL;
CREATE INDEX IF NOT EXISTS dial_tasks_identifier ON dial_tasks (org_id, identifier);
CREATE INDEX IF NOT EXISTS audience_contact_ids_identifier ON audience_contact_ids (org_id, identifier);
