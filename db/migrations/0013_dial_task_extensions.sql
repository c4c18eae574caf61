-- A contact behind a switchboard: the extension is dialled after the call connects, so the task keeps it
-- (the number itself stays E.164).
ALTER TABLE dial_tasks ADD COLUMN IF NOT EXISTS phone_ext text;
