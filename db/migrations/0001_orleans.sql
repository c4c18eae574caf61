-- Orleans 10.4.2 ADO.NET providers on PostgreSQL 15 (invariant "Npgsql", Npgsql 10):
-- clustering (Microsoft.Orleans.Clustering.AdoNet), grain storage
-- (Microsoft.Orleans.Persistence.AdoNet) and reminders (Microsoft.Orleans.Reminders.AdoNet).
--
-- The providers issue no SQL of their own: at start-up each one reads
-- "SELECT QueryKey, QueryText FROM OrleansQuery" and then runs those texts with
-- named parameters (@Name). The contract is therefore:
--   * the parameter names (and the types Npgsql infers for them) that the
--     provider binds for each key, and
--   * the result shape it reads: column names (matched case-insensitively by
--     Npgsql, but aliased here with their exact spelling) and row counts.
-- Parameter types as Npgsql 10 sends them: int -> integer, long -> bigint,
-- string -> text, byte[] -> bytea, DateTime (always Kind=Utc) -> timestamptz.
-- All time columns are therefore timestamptz, so that a server or session
-- TimeZone other than UTC cannot shift stored values.
--
-- Safe to re-run: tables and indexes use IF NOT EXISTS, functions use
-- CREATE OR REPLACE and the query rows are upserted.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL,

    CONSTRAINT PK_OrleansQuery PRIMARY KEY (QueryKey)
);

------------------------------------------------------------------------------
-- Clustering (membership)
------------------------------------------------------------------------------

-- One row per cluster (ClusterOptions.ClusterId, bound as @DeploymentId). Its Version is
-- the membership table's etag: every membership insert/update must name the
-- version it read and moves it on by one.
CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150) NOT NULL,
    Timestamp    timestamptz  NOT NULL DEFAULT now(),
    Version      integer      NOT NULL DEFAULT 0,

    CONSTRAINT PK_OrleansMembershipVersionTable PRIMARY KEY (DeploymentId)
);

-- One row per silo incarnation (address, port, generation).
-- Status is Orleans' SiloStatus: 1 Created, 2 Joining, 3 Active, 4 ShuttingDown, 5 Stopping, 6 Dead.
-- ProxyPort is 0 for a silo without a gateway (the provider reads it with GetInt32, so never NULL).
CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150) NOT NULL,
    Address      varchar(45)  NOT NULL,
    Port         integer      NOT NULL,
    Generation   integer      NOT NULL,
    SiloName     text         NOT NULL,
    HostName     text         NOT NULL,
    Status       integer      NOT NULL,
    ProxyPort    integer      NOT NULL DEFAULT 0,
    SuspectTimes text         NULL,
    StartTime    timestamptz  NOT NULL,
    IAmAliveTime timestamptz  NOT NULL,

    CONSTRAINT PK_OrleansMembershipTable PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT FK_OrleansMembershipTable_OrleansMembershipVersionTable
        FOREIGN KEY (DeploymentId) REFERENCES OrleansMembershipVersionTable (DeploymentId)
);

-- InsertMembershipKey. Returns 1 when the row was inserted and the version
-- moved on, 0 when the expected version is stale or the silo row already
-- exists (then nothing changes). Locking the version row serialises
-- membership writes per cluster, so the version check cannot race.
CREATE OR REPLACE FUNCTION orleans_insert_membership(
    p_deployment_id   text,
    p_address         text,
    p_port            integer,
    p_generation      integer,
    p_silo_name       text,
    p_host_name       text,
    p_status          integer,
    p_proxy_port      integer,
    p_start_time      timestamptz,
    p_i_am_alive_time timestamptz,
    p_version         integer)
RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
    v_current integer;
BEGIN
    SELECT Version INTO v_current
    FROM OrleansMembershipVersionTable
    WHERE DeploymentId = p_deployment_id
    FOR UPDATE;

    IF NOT FOUND OR p_version IS NULL OR v_current <> p_version THEN
        RETURN 0;
    END IF;

    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
    VALUES
        (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status,
         coalesce(p_proxy_port, 0), p_start_time, p_i_am_alive_time)
    ON CONFLICT (DeploymentId, Address, Port, Generation) DO NOTHING;

    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1, Timestamp = now()
    WHERE DeploymentId = p_deployment_id;

    RETURN 1;
END
$$;

-- UpdateMembershipKey. Returns 1 when the silo row was updated and the version
-- moved on, 0 when the expected version is stale or the row does not exist.
CREATE OR REPLACE FUNCTION orleans_update_membership(
    p_deployment_id   text,
    p_address         text,
    p_port            integer,
    p_generation      integer,
    p_status          integer,
    p_suspect_times   text,
    p_i_am_alive_time timestamptz,
    p_version         integer)
RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
    v_current integer;
BEGIN
    SELECT Version INTO v_current
    FROM OrleansMembershipVersionTable
    WHERE DeploymentId = p_deployment_id
    FOR UPDATE;

    IF NOT FOUND OR p_version IS NULL OR v_current <> p_version THEN
        RETURN 0;
    END IF;

    UPDATE OrleansMembershipTable
    SET Status = p_status,
        SuspectTimes = p_suspect_times,
        IAmAliveTime = p_i_am_alive_time
    WHERE DeploymentId = p_deployment_id
      AND Address = p_address
      AND Port = p_port
      AND Generation = p_generation;

    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1, Timestamp = now()
    WHERE DeploymentId = p_deployment_id;

    RETURN 1;
END
$$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
-- Params: @DeploymentId. Result: one row, one column, > 0 when the version row was created.
('InsertMembershipVersionKey', $q$
WITH inserted AS (
    INSERT INTO OrleansMembershipVersionTable (DeploymentId)
    VALUES (@DeploymentId)
    ON CONFLICT (DeploymentId) DO NOTHING
    RETURNING 1
)
SELECT count(*)::integer AS "RowCount" FROM inserted;
$q$),

-- Params: @DeploymentId @Address @Port @Generation @SiloName @HostName @Status @ProxyPort
--         @StartTime @IAmAliveTime @Version. Result: one row, one column, 1 = success.
('InsertMembershipKey', $q$
SELECT orleans_insert_membership(
    @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
    @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version) AS "RowCount";
$q$),

-- Params: @DeploymentId @Address @Port @Generation @Status @SuspectTimes @IAmAliveTime @Version.
-- Result: one row, one column, 1 = success.
('UpdateMembershipKey', $q$
SELECT orleans_update_membership(
    @DeploymentId, @Address, @Port, @Generation,
    @Status, @SuspectTimes, @IAmAliveTime, @Version) AS "RowCount";
$q$),

-- Params: @DeploymentId @Address @Port @Generation @IAmAliveTime. Result ignored.
-- A heartbeat only: it does not move the table version.
('UpdateIAmAlivetimeKey', $q$
UPDATE OrleansMembershipTable
SET IAmAliveTime = @IAmAliveTime
WHERE DeploymentId = @DeploymentId
  AND Address = @Address
  AND Port = @Port
  AND Generation = @Generation;
$q$),

-- Params: @DeploymentId @Address @Port @Generation.
-- Result: exactly one row per cluster (the outer join keeps the version row when
-- the silo row is missing; a NULL StartTime tells the provider "no entry").
('MembershipReadRowKey', $q$
SELECT
    v.DeploymentId AS "DeploymentId",
    m.Address      AS "Address",
    m.Port         AS "Port",
    m.Generation   AS "Generation",
    m.SiloName     AS "SiloName",
    m.HostName     AS "HostName",
    m.Status       AS "Status",
    m.ProxyPort    AS "ProxyPort",
    m.SuspectTimes AS "SuspectTimes",
    m.StartTime    AS "StartTime",
    m.IAmAliveTime AS "IAmAliveTime",
    v.Version      AS "Version"
FROM OrleansMembershipVersionTable v
LEFT JOIN OrleansMembershipTable m
       ON m.DeploymentId = v.DeploymentId
      AND m.Address = @Address
      AND m.Port = @Port
      AND m.Generation = @Generation
WHERE v.DeploymentId = @DeploymentId;
$q$),

-- Params: @DeploymentId. Result: one row per silo, or one row of NULLs plus the
-- version when the cluster has no silos yet.
('MembershipReadAllKey', $q$
SELECT
    v.DeploymentId AS "DeploymentId",
    m.Address      AS "Address",
    m.Port         AS "Port",
    m.Generation   AS "Generation",
    m.SiloName     AS "SiloName",
    m.HostName     AS "HostName",
    m.Status       AS "Status",
    m.ProxyPort    AS "ProxyPort",
    m.SuspectTimes AS "SuspectTimes",
    m.StartTime    AS "StartTime",
    m.IAmAliveTime AS "IAmAliveTime",
    v.Version      AS "Version"
FROM OrleansMembershipVersionTable v
LEFT JOIN OrleansMembershipTable m
       ON m.DeploymentId = v.DeploymentId
WHERE v.DeploymentId = @DeploymentId;
$q$),

-- Params: @DeploymentId @Status (always 3 = Active). Result: Address, ProxyPort, Generation.
('GatewaysQueryKey', $q$
SELECT
    Address    AS "Address",
    ProxyPort  AS "ProxyPort",
    Generation AS "Generation"
FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId
  AND Status = @Status
  AND ProxyPort > 0;
$q$),

-- Params: @DeploymentId. Result ignored. Removes the whole cluster.
('DeleteMembershipTableEntriesKey', $q$
DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
$q$),

-- Params: @DeploymentId @IAmAliveTime (the cut-off, UTC). Result ignored.
-- Removes silo rows that are not Active and have not sent a heartbeat since the
-- cut-off (as the other Orleans membership providers do). Does not move the version.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId
  AND IAmAliveTime < @IAmAliveTime
  AND Status <> 3;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

------------------------------------------------------------------------------
-- Grain storage
------------------------------------------------------------------------------

-- One row per (service, state name, grain key). What the provider binds:
--   @GrainIdN0/@GrainIdN1  the grain key: 0/long for integer keys, the two halves
--                          of the Guid for Guid keys, 0/0 for string keys;
--   @GrainIdExtensionString the key extension, or the whole key for string keys,
--                          NULL when there is none;
--   @GrainTypeString       the IGrainStorage "grainType" argument, which since
--                          Orleans 7 is the persistent-state NAME (e.g. the
--                          "state" in [PersistentState("state", "store")]), not the
--                          grain class (dotnet/orleans#8746);
--   @GrainIdHash/@GrainTypeHash int hashes of the two, computed by the provider;
--   @ServiceId             ClusterOptions.ServiceId.
-- Version is the state's etag (an int, as the provider parses it with int.Parse).
--
-- Unlike the reference script, the table has a real key: a unique constraint
-- over exactly the columns every query matches on, hashes first so the btree
-- lookup is selective at once. GrainIdExtensionString can be NULL, which rules
-- out a PRIMARY KEY; NULLS NOT DISTINCT (PostgreSQL 15+) makes NULL match NULL,
-- so one grain can never own two rows, and concurrent first writes of the same
-- grain cannot both insert.
CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            integer       NOT NULL,
    GrainIdN0              bigint        NOT NULL,
    GrainIdN1              bigint        NOT NULL,
    GrainTypeHash          integer       NOT NULL,
    GrainTypeString        varchar(512)  NOT NULL,
    GrainIdExtensionString varchar(1024) NULL,
    ServiceId              varchar(150)  NOT NULL,
    PayloadBinary          bytea         NULL,
    ModifiedOn             timestamptz   NOT NULL DEFAULT now(),
    Version                integer       NOT NULL,

    CONSTRAINT UQ_OrleansStorage_Grain UNIQUE NULLS NOT DISTINCT
        (GrainIdHash, GrainTypeHash, ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
-- Params: the grain key params. Result: at most one row, PayloadBinary and Version.
-- A row whose PayloadBinary is NULL (cleared) reads as "no record" but keeps its
-- Version as the etag.
('ReadFromStorageKey', $q$
SELECT
    PayloadBinary AS "PayloadBinary",
    Version       AS "Version"
FROM OrleansStorage
WHERE GrainIdHash = @GrainIdHash
  AND GrainTypeHash = @GrainTypeHash
  AND ServiceId = @ServiceId
  AND GrainTypeString = @GrainTypeString
  AND GrainIdN0 = @GrainIdN0
  AND GrainIdN1 = @GrainIdN1
  AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString;
$q$),

-- Params: the grain key params, @GrainStateVersion (the grain's etag, NULL when it
-- has never seen a row), @PayloadBinary.
-- Result: exactly one row, NewGrainStateVersion:
--   etag not NULL: the row is updated only if Version still equals it, and the
--                  new Version is returned;
--   etag NULL:     a row is inserted with Version 1 unless one already exists;
--   otherwise (stale etag, or a row already there) nothing changes and the etag
--   that was sent comes back unchanged (NULL for the insert case). The provider
--   treats "returned = sent", NULL or no row alike: it throws
--   InconsistentStateException.
('WriteToStorageKey', $q$
WITH updated AS (
    UPDATE OrleansStorage
    SET PayloadBinary = @PayloadBinary,
        ModifiedOn = now(),
        Version = Version + 1
    WHERE @GrainStateVersion IS NOT NULL
      AND GrainIdHash = @GrainIdHash
      AND GrainTypeHash = @GrainTypeHash
      AND ServiceId = @ServiceId
      AND GrainTypeString = @GrainTypeString
      AND GrainIdN0 = @GrainIdN0
      AND GrainIdN1 = @GrainIdN1
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
      AND Version = @GrainStateVersion
    RETURNING Version
), inserted AS (
    INSERT INTO OrleansStorage
        (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
         GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
    SELECT
        @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
        @GrainIdExtensionString, @ServiceId, @PayloadBinary, now(), 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT ON CONSTRAINT UQ_OrleansStorage_Grain DO NOTHING
    RETURNING Version
)
SELECT coalesce(
    (SELECT Version FROM updated),
    (SELECT Version FROM inserted),
    @GrainStateVersion) AS "NewGrainStateVersion";
$q$),

-- Params: the grain key params, @GrainStateVersion.
-- Result: one row with the new Version, or no row when the etag is stale (the
-- provider then throws InconsistentStateException). Keeps the row and its version.
('ClearStorageKey', $q$
UPDATE OrleansStorage
SET PayloadBinary = NULL,
    ModifiedOn = now(),
    Version = Version + 1
WHERE GrainIdHash = @GrainIdHash
  AND GrainTypeHash = @GrainTypeHash
  AND ServiceId = @ServiceId
  AND GrainTypeString = @GrainTypeString
  AND GrainIdN0 = @GrainIdN0
  AND GrainIdN1 = @GrainIdN1
  AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
  AND Version = @GrainStateVersion
RETURNING Version AS "NewGrainStateVersion";
$q$),

-- Used instead of ClearStorageKey when AdoNetGrainStorageOptions.DeleteStateOnClear = true.
-- Same parameters and result rule; the returned value (old Version + 1) only
-- serves the provider's check, the grain's etag becomes NULL afterwards.
('DeleteStorageKey', $q$
DELETE FROM OrleansStorage
WHERE GrainIdHash = @GrainIdHash
  AND GrainTypeHash = @GrainTypeHash
  AND ServiceId = @ServiceId
  AND GrainTypeString = @GrainTypeString
  AND GrainIdN0 = @GrainIdN0
  AND GrainIdN1 = @GrainIdN1
  AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
  AND Version = @GrainStateVersion
RETURNING Version + 1 AS "NewGrainStateVersion";
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

------------------------------------------------------------------------------
-- Reminders
------------------------------------------------------------------------------

-- GrainId is GrainId.ToString() ("type/key"); GrainHash is the grain's uniform
-- hash (a uint, bound as a signed int); Period is in milliseconds (bound as an int,
-- or as a bigint for periods over ~24.8 days); Version is the reminder's etag.
CREATE TABLE IF NOT EXISTS OrleansRemindersTable
(
    ServiceId    varchar(150)  NOT NULL,
    GrainId      varchar(1024) NOT NULL,
    ReminderName varchar(150)  NOT NULL,
    StartTime    timestamptz   NOT NULL,
    Period       bigint        NOT NULL,
    GrainHash    integer       NOT NULL,
    Version      integer       NOT NULL,

    CONSTRAINT PK_OrleansRemindersTable PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

-- Each silo's reminder service loads its slice of the hash ring with range queries.
CREATE INDEX IF NOT EXISTS IX_OrleansRemindersTable_ServiceId_GrainHash
    ON OrleansRemindersTable (ServiceId, GrainHash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
-- Params: @ServiceId @GrainId @ReminderName @StartTime @Period @GrainHash.
-- Result: one row, Version (the new etag: 0 on insert, +1 on each update).
('UpsertReminderRowKey', $q$
INSERT INTO OrleansRemindersTable
    (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
VALUES
    (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
SET StartTime = EXCLUDED.StartTime,
    Period = EXCLUDED.Period,
    GrainHash = EXCLUDED.GrainHash,
    Version = OrleansRemindersTable.Version + 1
RETURNING Version AS "Version";
$q$),

-- Params: @ServiceId @GrainId. Result: GrainId, ReminderName, StartTime, Period, Version.
('ReadReminderRowsKey', $q$
SELECT
    GrainId      AS "GrainId",
    ReminderName AS "ReminderName",
    StartTime    AS "StartTime",
    Period       AS "Period",
    Version      AS "Version"
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId
  AND GrainId = @GrainId;
$q$),

-- Params: @ServiceId @GrainId @ReminderName. Result: zero or one row, columns as above.
('ReadReminderRowKey', $q$
SELECT
    GrainId      AS "GrainId",
    ReminderName AS "ReminderName",
    StartTime    AS "StartTime",
    Period       AS "Period",
    Version      AS "Version"
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId
  AND GrainId = @GrainId
  AND ReminderName = @ReminderName;
$q$),

-- Params: @ServiceId @BeginHash @EndHash: the ring range (begin, end], used when
-- (int)begin < (int)end.
('ReadRangeRows1Key', $q$
SELECT
    GrainId      AS "GrainId",
    ReminderName AS "ReminderName",
    StartTime    AS "StartTime",
    Period       AS "Period",
    Version      AS "Version"
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId
  AND GrainHash > @BeginHash
  AND GrainHash <= @EndHash;
$q$),

-- Params: @ServiceId @BeginHash @EndHash: the range that wraps around, used otherwise.
('ReadRangeRows2Key', $q$
SELECT
    GrainId      AS "GrainId",
    ReminderName AS "ReminderName",
    StartTime    AS "StartTime",
    Period       AS "Period",
    Version      AS "Version"
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId
  AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);
$q$),

-- Params: @ServiceId @GrainId @ReminderName @Version.
-- Result: one row, one column: 1 when deleted, 0 when missing or the etag is stale.
('DeleteReminderRowKey', $q$
WITH deleted AS (
    DELETE FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND GrainId = @GrainId
      AND ReminderName = @ReminderName
      AND Version = @Version
    RETURNING 1
)
SELECT count(*)::integer AS "RowCount" FROM deleted;
$q$),

-- Params: @ServiceId. Result ignored.
('DeleteReminderRowsKey', $q$
DELETE FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
