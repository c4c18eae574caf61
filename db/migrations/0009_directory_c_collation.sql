-- Directory keys compare byte-wise: identifiers, phones and ids are codes, not words, and the "C"
-- collation makes their btrees and sorts about twice as cheap as a libc locale (measured: 911k
-- contacts' upload memberships inserted in 1.9 s instead of 3.8 s).
ALTER TABLE org_contacts
    ALTER COLUMN org_id TYPE text COLLATE "C",
    ALTER COLUMN identifier TYPE text COLLATE "C",
    ALTER COLUMN phone TYPE text COLLATE "C";
ALTER TABLE org_contact_uploads
    ALTER COLUMN org_id TYPE text COLLATE "C",
    ALTER COLUMN identifier TYPE text COLLATE "C",
    ALTER COLUMN upload_id TYPE text COLLATE "C";
ALTER TABLE audience_contact_ids
    ALTER COLUMN org_id TYPE text COLLATE "C",
    ALTER COLUMN campaign_id TYPE text COLLATE "C",
    ALTER COLUMN identifier TYPE text COLLATE "C";

-- Nothing looks contacts up by phone through this index (suppression checks go through the suppression
-- list's key), and keeping it costs a random btree insert per contact synced.
DROP INDEX IF EXISTS org_contacts_phone;
