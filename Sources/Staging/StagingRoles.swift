import GRDB
import ResourceCatalog

/// What every role of a `StagingStore` shares: the one database, its catalog, and the
/// helpers that turn database errors into `StagingError`.
///
/// The store is split by role rather than kept as one type of ninety methods: each caller
/// takes the role it needs (`store.loader`, `store.identities`, …), so what a caller may do
/// with the store is what its role offers. The roles are views of the same database, not
/// copies: they share its connections, its transactions and its on-disk schema
/// (`StagingStore+Schema.swift`), which no role changes.
protocol StagingRole: Sendable {
    /// The store whose database the role works on.
    var store: StagingStore { get }
}

extension StagingRole {
    var catalog: ResourceCatalog { store.catalog }
    var path: String { store.path }
    var writer: any DatabaseWriter { store.writer }
    var checkpointer: BackgroundCheckpointer? { store.checkpointer }

    func write<T>(_ body: (Database) throws -> T) throws -> T { try store.write(body) }
    func read<T>(_ body: (Database) throws -> T) throws -> T { try store.read(body) }
    func spec(_ type: ResourceType) throws -> ResourceSpec { try store.spec(type) }

    static func ensureIndexes(_ db: Database) throws { try StagingStore.ensureIndexes(db) }
    static func setAside(_ alias: String) -> String { StagingStore.setAside(alias) }
    static func referenceScope(_ alias: String, parameter: String = "?1") -> String {
        StagingStore.referenceScope(alias, parameter: parameter)
    }
    static func typeScope(_ alias: String) -> String { StagingStore.typeScope(alias) }
}

/// Stages what is read: export files, REST pages, a target's records; applies a plan's
/// transforms and withholds environment values (`load`, `apply`, `withholdEnvironmentValues`).
/// First in a type's order: the other roles read what it staged.
package struct StagingLoader: StagingRole {
    let store: StagingStore
}

/// Identities and target ids: what a record is called in every environment and which target
/// record it is (`recordTargetIDs`, `targetID`, `computeTargetIdentities`,
/// `resolveSourceIDReferences`). Identities are strings in the format documented on
/// `IdentitySQL`.
package struct IdentityResolver: StagingRole {
    let store: StagingStore
}

/// Resolves a type's references to its parents once their target ids are recorded (`remap`),
/// and tells what stays unresolved (`missingReferences`) and what references are staged
/// (`references`, `toManyReferences`).
package struct Remapper: StagingRole {
    let store: StagingStore
}

/// What the writer reads: import chunks (`planChunks`, `readChunk`, `importChunks`,
/// `addRetryChunk`) and REST payloads (`restPayloads`) of a remapped type.
package struct ChunkReader: StagingRole {
    let store: StagingStore
}

/// What the writes did, per record: import outcomes (`harvest`, `recordChunkImported`),
/// REST outcomes (`recordOutcome`), and the reports' counts and rejections.
package struct OutcomeRecorder: StagingRole {
    let store: StagingStore
}

/// Compares staged records with a target's and decides what to write (`comparableRecords`,
/// `markUnchanged`), and reads a target's staged records with their ids.
package struct StoreComparison: StagingRole {
    let store: StagingStore
}

/// What the journal and run files check against the store (`digest`, `structuralProblem`)
/// and what a snapshot or a diff stores in it (`writeSnapshotInfo`, `writeDiffEntries`).
package struct RunFileStorage: StagingRole {
    let store: StagingStore
}

extension StagingStore {
    /// Stages records and applies transforms.
    package var loader: StagingLoader { StagingLoader(store: self) }
    /// Identities and target ids.
    package var identities: IdentityResolver { IdentityResolver(store: self) }
    /// Remaps references to target ids.
    package var remapper: Remapper { Remapper(store: self) }
    /// Chunks and payloads to write.
    package var chunks: ChunkReader { ChunkReader(store: self) }
    /// Per-record outcomes of the writes.
    package var outcomes: OutcomeRecorder { OutcomeRecorder(store: self) }
    /// Comparison with a target and write decisions.
    package var comparison: StoreComparison { StoreComparison(store: self) }
    /// What the journal, snapshots and diffs keep in the store.
    package var runFile: RunFileStorage { RunFileStorage(store: self) }
}
