import Foundation
import ResourceCatalog
import Staging

/// Checks, before a resumed run trusts them, that its staging store and target store still
/// hold what the journal says was staged in them: every completed read's records (count and
/// checksum), every staged type's records after its transforms, every diff's unchanged
/// records. A store that is missing, emptied, cut short, garbled or missing its log fails the
/// check with a `RunFileError` naming the file; the run then stops instead of resuming from it.
///
/// A store may hold more than the journal records (a kill between a load and its journal
/// entry): that is redone on resume, so only what the journal records is checked.
struct RunFileCheck {
    let directory: RunDirectory
    let journal: RunJournal
    let catalog: ResourceCatalog

    /// The target store of the run.
    static func targetPath(of directory: RunDirectory) -> String {
        directory.url.appendingPathComponent("target.db").path
    }

    /// Checks, before any of them is opened, that no run file lost its write-ahead log: a
    /// process killed mid-run leaves each database's `-wal` (the changes not yet copied into
    /// the file) beside its `-shm` index, and a clean close removes both. An index without its
    /// log means the log was deleted, and the file alone is an older state the other files do
    /// not match (a journal rolled back forgets work the target already holds).
    /// - Throws: `RunFileError` naming the missing log.
    static func checkLogs(of directory: RunDirectory) throws {
        let manager = FileManager.default
        for path in [directory.journalPath, directory.stagingPath, targetPath(of: directory)] {
            guard manager.fileExists(atPath: path + "-shm"), !manager.fileExists(atPath: path + "-wal") else {
                continue
            }
            throw RunFileError(
                path: path + "-wal",
                problem:
                    "is missing while its index (-shm) is there: the changes it held since the last checkpoint are lost"
            )
        }
    }

    /// Checks the journal and both stores.
    /// - Throws: `RunFileError` naming the first file that does not hold what it should.
    func verify() throws {
        try journal.checkSeal()
        if let problem = journal.structuralProblem() {
            throw RunFileError(path: journal.path, problem: "the journal is damaged (\(problem))")
        }
        let units = try journal.units().filter { $0.state == .completed }
        try verify(path: directory.stagingPath, expectations: try sourceExpectations(units))
        try verify(path: Self.targetPath(of: directory), expectations: targetExpectations(try journal.units()))
    }

    /// What the journal says one store holds.
    private enum Expectation {
        /// The records of one read unit (a file, or the pages of a paged read).
        case read(WorkUnit, RunFileStorage.DigestScope)
        /// Every record of a staged type, after its transforms.
        case staged(WorkUnit)
        /// The records a diff set aside as unchanged.
        case unchanged(WorkUnit)
        /// At least this many records of a type written over REST with their outcome: a
        /// record whose outcome is lost would be created again (its batch is done).
        case written(ResourceType, records: Int)
    }

    /// What the source's staging store must hold: completed source reads, staged types, diffs.
    private func sourceExpectations(_ completed: [WorkUnit]) throws -> [Expectation] {
        let staged = Set(completed.filter { $0.kind == .stage }.map(\.type))
        var expectations: [Expectation] = []
        var written: [ResourceType: Int] = [:]
        for unit in completed {
            switch unit.key {
            case .restBatch:
                written[unit.type, default: 0] += try unit.detail(RESTBatchDetail.self)?.records ?? 0
            case .read(let label, let type, let part)
            where label.readsSource && !(label == .export && staged.contains(type)):
                expectations.append(.read(unit, Self.scope(of: unit, part: part)))
            case .stage:
                expectations.append(.staged(unit))
            case .diff where try (unit.detail(DiffDetail.self)?.unchanged ?? 0) > 0:
                expectations.append(.unchanged(unit))
            default:
                break
            }
        }
        for (type, records) in written.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            expectations.append(.written(type, records: records))
        }
        return expectations
    }

    /// What the target store must hold: per type, the completed units of its latest read
    /// (each fresh read of a type replaces the one before), once that read's count is done.
    private func targetExpectations(_ units: [WorkUnit]) -> [Expectation] {
        var latest: [ResourceType: (label: ReadLabel, unit: WorkUnit)] = [:]
        for unit in units {
            guard case .count(let label, let type) = unit.key, !label.readsSource else { continue }
            latest[type] = (label, unit)
        }
        var expectations: [Expectation] = []
        for (type, count) in latest where count.unit.state == .completed {
            for unit in units where unit.state == .completed {
                guard case .read(count.label, type, let part) = unit.key else { continue }
                expectations.append(.read(unit, Self.scope(of: unit, part: part)))
            }
        }
        return expectations
    }

    /// The files a read unit loaded: one named after it, or its pages (`<unit>:<page>`).
    private static func scope(of unit: WorkUnit, part: ReadPart) -> RunFileStorage.DigestScope {
        part == .pages ? .files(prefix: "\(unit.id):") : .file(unit.id)
    }

    private func verify(path: String, expectations: [Expectation]) throws {
        let manager = FileManager.default
        if SecureFile.isSymbolicLink(path) {
            throw RunFileError(path: path, problem: "is a symbolic link; run files are never written through links")
        }
        guard manager.fileExists(atPath: path) else {
            guard expectations.isEmpty else {
                throw RunFileError(path: path, problem: "is missing, but the journal records data staged in it")
            }
            // A log left without its database would be replayed into a new one.
            for suffix in ["-wal", "-shm"] { try? manager.removeItem(atPath: path + suffix) }
            return
        }
        guard !expectations.isEmpty else { return }
        let store: StagingStore
        do {
            store = try StagingStore.open(at: path, catalog: catalog)
        } catch {
            throw RunFileError(path: path, problem: "cannot be read (\(error))")
        }
        if let problem = store.runFile.structuralProblem() {
            throw RunFileError(path: path, problem: "is damaged (\(problem))")
        }
        for expectation in expectations {
            do {
                try check(expectation, in: store, path: path)
            } catch let error as RunFileError {
                throw error
            } catch {
                throw RunFileError(path: path, problem: "cannot be read (\(error))")
            }
        }
    }

    private func check(_ expectation: Expectation, in store: StagingStore, path: String) throws {
        switch expectation {
        case .read(let unit, let scope):
            let held = try store.runFile.digest(type: unit.type, scope)
            let detail = try unit.detail(ReadDetail.self)
            let records = detail?.records ?? 0
            guard held.rows == records else {
                throw RunFileError(
                    path: path,
                    problem:
                        "holds \(held.rows) records of \(unit.type) read by \(unit.id), the journal recorded \(records)"
                )
            }
            // Transforms applied after the load rewrite the records: their check is the type's.
            if let checksum = detail?.checksum, try !store.runFile.hasAppliedTransforms(type: unit.type),
                held.checksum != checksum
            {
                throw RunFileError(
                    path: path, problem: "the records of \(unit.type) read by \(unit.id) differ from those staged")
            }
        case .staged(let unit):
            let held = try store.runFile.digest(type: unit.type, .all)
            let detail = try unit.detail(StageDetail.self)
            let expected = StoreDigest(rows: detail?.records ?? 0, checksum: detail?.checksum ?? 0)
            guard held == expected else {
                throw RunFileError(
                    path: path,
                    problem: "holds \(held) of \(unit.type), the journal recorded \(expected) when it was staged")
            }
        case .unchanged(let unit):
            let held = try store.runFile.unchangedCount(type: unit.type)
            let expected = try unit.detail(DiffDetail.self)?.unchanged ?? 0
            guard held == expected else {
                throw RunFileError(
                    path: path,
                    problem: "marks \(held) records of \(unit.type) unchanged, the journal recorded \(expected)")
            }
        case .written(let type, let records):
            let held = try store.outcomes.recordIDs(type: type, withOutcome: [.created, .updated, .rejected]).count
            guard held >= records else {
                throw RunFileError(
                    path: path,
                    problem:
                        "holds the outcome of \(held) records of \(type) written to the target, the journal recorded \(records)"
                )
            }
        }
    }
}
