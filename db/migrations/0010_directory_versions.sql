-- Bumped by every directory sync of an org: a campaign counts its pasted-id or segment audience again only
-- when the directory (or the suppression list, which has its own version) changed since it last counted.
CREATE TABLE IF NOT EXISTS directory_versions (
    org_id   text   PRIMARY KEY,
    version  bigint NOT NULL
);
