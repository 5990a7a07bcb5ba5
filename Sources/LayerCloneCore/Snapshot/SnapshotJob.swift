import CommerceLayerAPI
import Foundation
import ResourceCatalog
import Staging

/// Reads a plan's types from an environment, stages and transforms them, and saves them as
/// one portable snapshot file (SQLite: the staged records and the plan) that `seed` replays
/// into any environment.
///
/// The reading is journaled in a run of its own: interrupted, the same command resumes it.
package struct SnapshotJob: Sendable {
    package let plan: ExecutionPlan
    package let planText: String
    package let source: CloneEnvironment
    /// The snapshot file to write.
    package let output: String
    package let workdir: URL
    package let events: any EventSink
    package var pollInterval: Duration = .seconds(1)

    package init(
        plan: ExecutionPlan, planText: String, source: CloneEnvironment, output: String, workdir: URL,
        events: any EventSink
    ) {
        self.plan = plan
        self.planText = planText
        self.source = source
        self.output = output
        self.workdir = workdir
        self.events = events
    }

    /// Reads, stages and writes the snapshot; returns the records it holds per type.
    @discardableResult
    package func run() async throws -> [(type: ResourceType, records: Int)] {
        // Its store, journal and file work blocks: off the cooperative pool (`BlockingExecutor`).
        try await BlockingExecutor.shared.run { try await execute() }
    }

    private func execute() async throws -> [(type: ResourceType, records: Int)] {
        var hash = StableHash()
        hash.combine("snapshot")
        hash.combine(planText)
        hash.combine(source.client.profile.baseURL.absoluteString)
        hash.combine(source.client.profile.clientID)
        let key = hash.hex
        let directory =
            try RunDirectory.unfinished(key: key, workdir: workdir) ?? RunDirectory.create(key: key, workdir: workdir)
        let lock = try RunLock(directory: directory)
        defer { withExtendedLifetime(lock) {} }
        let journal = try RunJournal(path: directory.journalPath)
        let info = try journal.begin(
            RunInfo(
                id: directory.id, key: key, planPath: plan.file, source: source.name, target: output, state: .running,
                createdAt: Date(), finishedAt: nil))
        let store = try StagingStore.open(at: directory.stagingPath)
        let reader = TypeReader(
            environment: source.reading, journal: journal, runID: info.id, downloads: directory.downloadsURL,
            events: events,
            crash: .none, chunkSize: plan.limits.exportChunk,
            watcher: JobWatcher(
                client: source.client.readOnly, kind: "exports", referencePrefix: "layerclone:\(info.id):",
                interval: pollInterval))
        try FileManager.default.createDirectory(at: directory.downloadsURL, withIntermediateDirectories: true)
        events.emit(.runStarted(runID: info.id, resumed: false, plan: plan.file, source: source.name, target: output))
        try await withThrowingTaskGroup(of: Void.self) { group in
            // Types referenced but not cloned travel too: records that name them by id (an
            // export could not include them) find them so when the snapshot is seeded.
            for type in plan.lookedUpTypes where plan.step(type) == nil {
                let shape = ExportShape.lookup(of: type, catalog: store.catalog)
                group.addTask {
                    try await reader.read(
                        .init(type: type, shape: shape, label: .lookupSource), into: store)
                }
            }
            for step in plan.steps {
                group.addTask {
                    let records = try await reader.read(
                        .init(type: step.type, shape: step.export, label: .export), into: store)
                    try store.prepare(step)
                    events.emit(.typeProgress(type: step.type, phase: .staged, done: records, total: records))
                }
            }
            try await group.waitForAll()
        }
        var counts: [(type: ResourceType, records: Int)] = []
        for step in plan.steps {
            try store.identities.resolveSourceIDReferences(type: step.type)
            counts.append((step.type, try store.comparison.recordCount(type: step.type)))
        }
        let claims = try await source.client.claims()
        try store.runFile.writeSnapshotInfo([
            "format_version": .int(Int64(RunFileStorage.snapshotFormatVersion)), "id": .string(UUID().uuidString),
            "plan": .string(planText), "plan_file": .string(plan.file),
            "organization": .string(claims.organizationSlug),
            "environment": .string("\(claims.environment)"),
            "created_at": .string(ISO8601DateFormatter().string(from: Date())),
            "records": .object(
                Dictionary(uniqueKeysWithValues: counts.map { ($0.type.rawValue, .int(Int64($0.records))) })),
        ])
        try store.copy(to: output)
        try journal.setRunState(.finished)
        return counts
    }
}

/// Failures to read a snapshot file.
package enum SnapshotError: Error, Sendable, CustomStringConvertible, ClassifiedError {
    case notASnapshot(path: String)
    case unsupportedVersion(path: String, version: Int)

    package var description: String {
        switch self {
        case .notASnapshot(let path):
            "\(path) is not a layerclone snapshot (make one with `layerclone snapshot PLAN --source P --out FILE`)"
        case .unsupportedVersion(let path, let version):
            "\(path) is a snapshot of format \(version); this build reads format \(RunFileStorage.snapshotFormatVersion)"
        }
    }

    package var exitClass: ErrorClass { .badInput }
}

extension SnapshotFile {
    /// Opens a snapshot file and reads what it says about itself.
    /// - Throws: `SnapshotError` when the file is not a snapshot this build can read.
    package init(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw SnapshotError.notASnapshot(path: path) }
        let info: JSONValue?
        do {
            info = try StagingStore.open(at: path).runFile.snapshotInfo()
        } catch {
            throw SnapshotError.notASnapshot(path: path)
        }
        guard let info, let id = info["id"]?.stringValue, let planText = info["plan"]?.stringValue else {
            throw SnapshotError.notASnapshot(path: path)
        }
        let version = Int(info["format_version"]?.intValue ?? 0)
        guard version == RunFileStorage.snapshotFormatVersion else {
            throw SnapshotError.unsupportedVersion(path: path, version: version)
        }
        self.init(path: path, id: id, planText: planText, planFile: info["plan_file"]?.stringValue ?? "snapshot")
    }
}
