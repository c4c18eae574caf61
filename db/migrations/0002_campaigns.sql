-- Campaign list projection: the campaign grain is the source of truth; this table
-- lets `campaigns(first, after, status)` page an org's drafts without activating grains.
CREATE TABLE IF NOT EXISTS campaign_index (
    org_id       text        NOT NULL,
    campaign_id  text        NOT NULL,
    name         text        NOT NULL,
    status       text        NOT NULL,
    owner_id     text        NOT NULL,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    PRIMARY KEY (org_id, campaign_id)
);

CREATE INDEX IF NOT EXISTS campaign_index_page
    ON campaign_index (org_id, created_at DESC, campaign_id DESC);
