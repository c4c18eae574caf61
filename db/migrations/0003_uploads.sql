-- Uploads: one row per upload for lookups the grains cannot answer alone (same file, history,
-- active uploads, resume after restart). The upload grain owns the lifecycle; this is its index.
CREATE TABLE IF NOT EXISTS upload_index (
    org_id       text        NOT NULL,
    upload_id    text        NOT NULL,
    campaign_id  text        NOT NULL,
    status       text        NOT NULL,
    file_name    text        NOT NULL,
    sha256       text,
    size_bytes   bigint      NOT NULL DEFAULT 0,
    received_at  timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    PRIMARY KEY (org_id, upload_id)
);
CREATE INDEX IF NOT EXISTS upload_index_sha ON upload_index (org_id, sha256);
CREATE INDEX IF NOT EXISTS upload_index_campaign ON upload_index (org_id, campaign_id, received_at DESC);
CREATE INDEX IF NOT EXISTS upload_index_active ON upload_index (status) WHERE status IN ('RECEIVING', 'MAPPING', 'VALIDATING');

-- The file itself, cut into row-aligned chunks transcoded to UTF-8 (header excluded).
CREATE TABLE IF NOT EXISTS upload_chunks (
    upload_id    text    NOT NULL,
    chunk_no     int     NOT NULL,
    org_id       text    NOT NULL,
    first_row    bigint  NOT NULL,
    row_count    int     NOT NULL,
    data         bytea   NOT NULL,
    PRIMARY KEY (upload_id, chunk_no)
);

-- One row per validated chunk, written in the same transaction as the chunk's rows: durable progress.
CREATE TABLE IF NOT EXISTS upload_chunk_results (
    upload_id    text        NOT NULL,
    chunk_no     int         NOT NULL,
    org_id       text        NOT NULL,
    run          int         NOT NULL,
    rows         int         NOT NULL,
    accepted     int         NOT NULL,
    rejected     int         NOT NULL,
    silo         text        NOT NULL,
    done_at      timestamptz NOT NULL,
    PRIMARY KEY (upload_id, chunk_no)
);

-- Rows that passed the row rules. File-wide rules (duplicates, suppression, consent, other
-- campaigns) set `excluded` to a RejectReason name; NULL means dialable.
CREATE TABLE IF NOT EXISTS upload_contacts (
    upload_id        text     NOT NULL,
    chunk_no         int      NOT NULL,
    row_number       bigint   NOT NULL,
    org_id           text     NOT NULL,
    identifier       text     NOT NULL,
    phone            text     NOT NULL,
    phone_key        bigint   NOT NULL,
    identifier_key   bigint   NOT NULL,
    phone_ext        text,
    timezone         text,
    first_name       text,
    last_name        text,
    email            text,
    company          text,
    crm_id           text,
    consent          smallint NOT NULL,
    postal_code      text,
    country          text,
    custom           jsonb,
    warnings         text[]   NOT NULL,
    excluded         text,
    excluded_message text,
    PRIMARY KEY (upload_id, chunk_no, row_number)
);

-- Rows the row rules refused, with their original values for the report.
CREATE TABLE IF NOT EXISTS upload_rejections (
    upload_id    text     NOT NULL,
    chunk_no     int      NOT NULL,
    row_number   bigint   NOT NULL,
    org_id       text     NOT NULL,
    reason       text     NOT NULL,
    reasons      text[]   NOT NULL,
    message      text     NOT NULL,
    original     text[]   NOT NULL,
    phone        text,
    PRIMARY KEY (upload_id, chunk_no, row_number)
);
CREATE INDEX IF NOT EXISTS upload_rejections_reason ON upload_rejections (upload_id, reason);

-- A confirmed mapping, remembered per org and header set.
CREATE TABLE IF NOT EXISTS mapping_memory (
    org_id        text        NOT NULL,
    header_key    text        NOT NULL,
    columns       text[]      NOT NULL,
    mapping       jsonb       NOT NULL,
    confirmed_by  text        NOT NULL,
    confirmed_at  timestamptz NOT NULL,
    PRIMARY KEY (org_id, header_key)
);

-- The do-not-call list, per org, and its version (bumped by every change).
CREATE TABLE IF NOT EXISTS suppressions (
    org_id     text        NOT NULL,
    phone      text        NOT NULL,
    reason     text,
    added_by   text        NOT NULL,
    added_at   timestamptz NOT NULL,
    PRIMARY KEY (org_id, phone)
);
CREATE TABLE IF NOT EXISTS suppression_versions (
    org_id   text   PRIMARY KEY,
    version  bigint NOT NULL
);

-- Launch: one row per launched campaign (the idempotency guard) and one dial task per contact.
CREATE TABLE IF NOT EXISTS launches (
    org_id       text        NOT NULL,
    campaign_id  text        NOT NULL,
    upload_id    text        NOT NULL,
    task_count   bigint      NOT NULL,
    launched_at  timestamptz NOT NULL,
    PRIMARY KEY (org_id, campaign_id)
);
CREATE TABLE IF NOT EXISTS dial_tasks (
    org_id        text        NOT NULL,
    campaign_id   text        NOT NULL,
    task_no       bigint      NOT NULL,
    upload_id     text        NOT NULL,
    row_number    bigint      NOT NULL,
    identifier    text        NOT NULL,
    phone         text        NOT NULL,
    timezone      text,
    crm_id        text,
    status        text        NOT NULL DEFAULT 'PENDING',
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (org_id, campaign_id, task_no)
);
CREATE INDEX IF NOT EXISTS dial_tasks_phone ON dial_tasks (org_id, phone);
