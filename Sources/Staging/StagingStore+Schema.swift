import GRDB

extension StagingStore {
    /// Versioned migrations. Never edit a shipped migration: add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    -- One row per staged file (or batch of REST records); (type, name) is unique so
                    -- loading the same file again on resume is a no-op.
                    CREATE TABLE files (
                        id INTEGER PRIMARY KEY,
                        type TEXT NOT NULL,
                        name TEXT NOT NULL,
                        format TEXT NOT NULL,
                        records INTEGER NOT NULL,
                        bytes INTEGER NOT NULL,
                        first_record_id INTEGER,
                        last_record_id INTEGER,
                        UNIQUE (type, name)
                    );
                    -- Staged records. The rowid is the stable source order. state: staged, ready
                    -- (remapped), skipped (missing reference under the skip policy).
                    CREATE TABLE records (
                        id INTEGER PRIMARY KEY,
                        type TEXT NOT NULL,
                        file_id INTEGER NOT NULL,
                        position INTEGER NOT NULL,
                        source_offset INTEGER NOT NULL,
                        source_id TEXT,
                        identity TEXT,
                        state TEXT NOT NULL DEFAULT 'staged',
                        body TEXT NOT NULL
                    );
                    -- To-one references of staged records to their parents. parent_identity is
                    -- NULL when the export carried neither the nested parent nor a known source id;
                    -- code_value is the value of the code-style attribute standing for the relation.
                    -- Target ids come from id_map, joined on (parent_type, parent_identity).
                    -- Clustered by (type, relation, record_id): remap scans a type's references and
                    -- chunk reads look one up without any secondary index.
                    CREATE TABLE refs (
                        type TEXT NOT NULL,
                        relation TEXT NOT NULL,
                        record_id INTEGER NOT NULL,
                        parent_type TEXT NOT NULL,
                        parent_identity TEXT,
                        code_value TEXT,
                        PRIMARY KEY (type, relation, record_id)
                    ) WITHOUT ROWID;
                    -- Source ids seen in staged records (REST pages, exports that keep ids).
                    CREATE TABLE source_ids (
                        type TEXT NOT NULL,
                        source_id TEXT NOT NULL,
                        identity TEXT NOT NULL,
                        PRIMARY KEY (type, source_id)
                    ) WITHOUT ROWID;
                    -- Target ids of identities, learnt after each type lands in the target.
                    CREATE TABLE id_map (
                        type TEXT NOT NULL,
                        identity TEXT NOT NULL,
                        target_id TEXT NOT NULL,
                        PRIMARY KEY (type, identity)
                    ) WITHOUT ROWID;
                    -- Transforms applied, one row per (type, position in the plan's list).
                    CREATE TABLE transform_results (
                        type TEXT NOT NULL,
                        position INTEGER NOT NULL,
                        transform TEXT NOT NULL,
                        records_changed INTEGER NOT NULL,
                        PRIMARY KEY (type, position)
                    );
                    -- References that remap could not resolve, and what the policy did.
                    CREATE TABLE missing_refs (
                        record_id INTEGER NOT NULL,
                        type TEXT NOT NULL,
                        relation TEXT NOT NULL,
                        parent_type TEXT NOT NULL,
                        parent_identity TEXT,
                        action TEXT NOT NULL,
                        PRIMARY KEY (record_id, relation)
                    ) WITHOUT ROWID;
                    -- Import chunks, planned once per type so chunk numbers (and the deterministic
                    -- import references built from them) survive a resume. record_ids is the JSON
                    -- array of the members' records.id, in input order.
                    CREATE TABLE chunks (
                        id INTEGER PRIMARY KEY,
                        type TEXT NOT NULL,
                        chunk_index INTEGER NOT NULL,
                        parent_target_id TEXT,
                        size INTEGER NOT NULL,
                        record_ids TEXT NOT NULL,
                        UNIQUE (type, chunk_index)
                    );
                    -- The outcome of each record in the target.
                    CREATE TABLE outcomes (
                        record_id INTEGER PRIMARY KEY,
                        type TEXT NOT NULL,
                        outcome TEXT NOT NULL,
                        reason TEXT,
                        target_id TEXT
                    );
                    """)
        }
        migrator.registerMigration("v2-target-identity") { db in
            // The identity a record will have once written to the target: the same as
            // `identity` unless the plan's transforms change what the identity is made of
            // (masked e-mails, masked address fields). Computed after transforms.
            try db.execute(
                sql: """
                    ALTER TABLE records ADD COLUMN target_identity TEXT;
                    CREATE INDEX records_by_target_identity ON records (type, target_identity);
                    CREATE INDEX IF NOT EXISTS records_by_identity ON records (type, identity);
                    """)
        }
        migrator.registerMigration("v3-state-index") { db in
            // Chunk planning leaves out skipped and unchanged records: this finds those few
            // without reading every record. Loads append to it (new records are all `staged`).
            try db.execute(sql: "CREATE INDEX records_by_state ON records (type, state)")
        }
        migrator.registerMigration("v4-partial-indexes") { db in
            // Loads write only `staged` records without target identities: indexes that hold
            // just the other states and the computed target identities cost loads nothing.
            // Queries must name the same condition (`state = 'skipped' OR state = 'unchanged'`)
            // for SQLite to use the state index.
            try db.execute(
                sql: """
                    DROP INDEX records_by_state;
                    CREATE INDEX records_by_state ON records (type, state)
                        WHERE state = 'skipped' OR state = 'unchanged';
                    DROP INDEX records_by_target_identity;
                    CREATE INDEX records_by_target_identity ON records (type, target_identity)
                        WHERE target_identity IS NOT NULL;
                    -- Records whose transforms changed their identity (masked e-mails): few or none.
                    -- Chunk reads ask, per reference, whether the parent is one of them.
                    CREATE INDEX records_renamed ON records (type, identity) WHERE target_identity != identity;
                    """)
        }
        migrator.registerMigration("v5-load-transforms") { db in
            // The transforms a load applied to a file's records as it inserted them (the JSON
            // array `StagingStore.describe` writes) and, per transform, the records it changed.
            try db.execute(
                sql: """
                    ALTER TABLE files ADD COLUMN transforms TEXT;
                    ALTER TABLE files ADD COLUMN transform_changes TEXT;
                    """)
        }
        migrator.registerMigration("v6-refs-by-record") { db in
            // References clustered by (record_id, relation) instead of (type, relation,
            // record_id): a load appends them in record order (each insert lands on the last
            // page, and a multi-row insert keeps its cursor there), and chunk reads find a
            // record's references next to each other. A type's references are reached through
            // its files' record id ranges (`referenceScope`). Same columns, same rows.
            try db.execute(
                sql: """
                    CREATE TABLE refs_by_record (
                        type TEXT NOT NULL,
                        relation TEXT NOT NULL,
                        record_id INTEGER NOT NULL,
                        parent_type TEXT NOT NULL,
                        parent_identity TEXT,
                        code_value TEXT,
                        PRIMARY KEY (record_id, relation)
                    ) WITHOUT ROWID;
                    INSERT INTO refs_by_record (type, relation, record_id, parent_type, parent_identity, code_value)
                    SELECT type, relation, record_id, parent_type, parent_identity, code_value FROM refs
                    ORDER BY record_id, relation;
                    DROP TABLE refs;
                    ALTER TABLE refs_by_record RENAME TO refs;
                    -- References whose parent's identity is still unknown (given by a source id
                    -- not staged yet): few or none, found by remap without reading the others.
                    CREATE INDEX refs_unresolved ON refs (type) WHERE parent_identity IS NULL;
                    """)
        }
        migrator.registerMigration("v7-retry-chunks") { db in
            // A chunk made of inputs another chunk's import refused and that are sent again
            // (`addRetryChunk`) names that chunk.
            try db.execute(sql: "ALTER TABLE chunks ADD COLUMN retry_of INTEGER")
        }
        migrator.registerMigration("v8-withheld-values") { db in
            // Environment-specific values left out of writes (`withholdEnvironmentValues`),
            // for the report's "Values to enter by hand".
            try db.execute(
                sql: """
                    CREATE TABLE withheld_values (
                        type TEXT NOT NULL,
                        identity TEXT NOT NULL,
                        field TEXT NOT NULL,
                        PRIMARY KEY (type, identity, field)
                    ) WITHOUT ROWID
                    """)
        }
        return migrator
    }

    /// Secondary indexes, built after bulk loads (idempotent; cheap once they exist).
    ///
    /// References, the id map and source ids are clustered by their primary keys, and a type's
    /// records are reached through its files' rowid ranges (`typeScope`). Lookups of records by
    /// identity (parents' target identities, verification) use this one. A load much larger
    /// than the store drops it and builds it again at its end (`load`), in the same transaction.
    static func ensureIndexes(_ db: Database) throws {
        try db.execute(sql: "CREATE INDEX IF NOT EXISTS records_by_identity ON records (type, identity)")
    }

    /// The condition naming the records `records_by_state` holds (`alias.state` skipped or
    /// unchanged); a query must use it as is for SQLite to use the index.
    static func setAside(_ alias: String) -> String {
        "(\(alias).state = 'skipped' OR \(alias).state = 'unchanged')"
    }

    /// A condition limiting `alias` (a `refs` alias) to the references of records of the type
    /// bound to `parameter` (`?1` by default), through the record id ranges of the type's
    /// files: `refs` is clustered by record id, so this reads just the type's stretch of it.
    static func referenceScope(_ alias: String, parameter: String = "?1") -> String {
        """
        \(alias).record_id BETWEEN (SELECT min(first_record_id) FROM files WHERE type = \(parameter))
            AND (SELECT max(last_record_id) FROM files WHERE type = \(parameter)) AND \(alias).type = \(parameter)
        """
    }

    /// A condition limiting `alias` (a `records` alias) to the records of the type bound to
    /// parameter `?1`, through the rowid ranges of the type's files (no index needed).
    ///
    /// The unary `+` keeps SQLite from reaching the rows through an index on `type` (such as
    /// `records_by_identity`): that visits them in identity order, one random page per row,
    /// where the rowid range reads and rewrites pages in order.
    static func typeScope(_ alias: String) -> String {
        """
        \(alias).id BETWEEN (SELECT min(first_record_id) FROM files WHERE type = ?1)
            AND (SELECT max(last_record_id) FROM files WHERE type = ?1) AND +\(alias).type = ?1
        """
    }
}
