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
                    -- code_value is the value of the code-style attribute standing for the relation;
                    -- target_id is filled by remap from the id map.
                    CREATE TABLE refs (
                        record_id INTEGER NOT NULL,
                        type TEXT NOT NULL,
                        relation TEXT NOT NULL,
                        parent_type TEXT NOT NULL,
                        parent_identity TEXT,
                        code_value TEXT,
                        target_id TEXT,
                        PRIMARY KEY (record_id, relation)
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
                    -- Import chunks and their members, planned once per type so chunk numbers
                    -- (and the deterministic import references built from them) survive a resume.
                    CREATE TABLE chunks (
                        id INTEGER PRIMARY KEY,
                        type TEXT NOT NULL,
                        chunk_index INTEGER NOT NULL,
                        parent_target_id TEXT,
                        size INTEGER NOT NULL,
                        UNIQUE (type, chunk_index)
                    );
                    CREATE TABLE chunk_records (
                        chunk_id INTEGER NOT NULL,
                        position INTEGER NOT NULL,
                        record_id INTEGER NOT NULL,
                        PRIMARY KEY (chunk_id, position)
                    ) WITHOUT ROWID;
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
                    """)
        }
        return migrator
    }

    /// Indexes built after bulk loads (idempotent; cheap once they exist).
    static func ensureIndexes(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE INDEX IF NOT EXISTS records_by_identity ON records (type, identity);
                CREATE INDEX IF NOT EXISTS refs_by_parent ON refs (parent_type, parent_identity);
                CREATE INDEX IF NOT EXISTS refs_by_type ON refs (type, relation);
                """)
    }
}
