import Foundation
import GRDB
import LayerCloneTestSupport
import ResourceCatalog
import Staging
import Testing

@testable import LayerCloneCore

/// A resumed run checks that staging still holds what the journal says it staged, and a run
/// folder whose journal cannot be read stops the command instead of starting a new run.
@Suite("Run file checks")
struct RunFileCheckTests {
    let folder: URL

    init() throws {
        folder = TemporaryFolder.url("runfiles")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: folder) }

    static let key = "abc123def"

    /// A run whose journal records three skus read by pages into staging.
    func stagedRun() throws -> (RunDirectory, RunJournal) {
        let directory = try RunDirectory.create(key: Self.key, workdir: folder)
        let journal = try RunJournal(path: directory.journalPath)
        try journal.begin(
            RunInfo(
                id: directory.id, key: Self.key, planPath: "plan.yml", source: "test", target: "live",
                state: .running, createdAt: Date(), finishedAt: nil))
        let store = try StagingStore.open(at: directory.stagingPath)
        let records: [JSONValue] = ["A", "B", "C"].map { ["code": .string($0), "name": .string("Shirt \($0)")] }
        try store.loader.load(records: records, type: "skus", name: "export:skus:get:1")
        try journal.plan(.read(.export, "skus", .pages))
        let digest = try store.runFile.digest(type: "skus", .files(prefix: "export:skus:get:"))
        try journal.markCompleted(
            .read(.export, "skus", .pages), detail: ReadDetail(records: 3, checksum: digest.checksum))
        return (directory, journal)
    }

    func check(_ directory: RunDirectory, _ journal: RunJournal) throws {
        try RunFileCheck(directory: directory, journal: journal, catalog: .commerceLayer).verify()
    }

    func execute(_ sql: String, in path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: sql) }
        try queue.close()
    }

    @Test("staging that holds what the journal recorded passes")
    func soundStagingPasses() throws {
        defer { cleanUp() }
        let (directory, journal) = try stagedRun()
        try check(directory, journal)
    }

    @Test("a staging store that is gone, lost a record or changed one stops the resume, naming it")
    func damagedStagingStops() throws {
        defer { cleanUp() }
        for damage in ["delete", "lost", "changed"] {
            let (directory, journal) = try stagedRun()
            switch damage {
            case "delete":
                for suffix in ["", "-wal", "-shm"] {
                    try? FileManager.default.removeItem(atPath: directory.stagingPath + suffix)
                }
            case "lost":
                try execute("DELETE FROM records WHERE id = (SELECT max(id) FROM records)", in: directory.stagingPath)
            default:
                try execute("UPDATE records SET body = replace(body, 'Shirt', 'Shirz')", in: directory.stagingPath)
            }
            let error = try #require(throws: RunFileError.self, "\(damage)") { try check(directory, journal) }
            #expect(error.path == directory.stagingPath, "\(damage)")
            #expect(error.description.contains("--restart"), "\(damage)")
            try FileManager.default.removeItem(at: directory.url)
        }
    }

    @Test("the type's digest after its transforms is checked once it is staged")
    func stagedTypeDigestIsChecked() throws {
        defer { cleanUp() }
        let (directory, journal) = try stagedRun()
        let store = try StagingStore.open(at: directory.stagingPath)
        let digest = try store.runFile.digest(type: "skus", .all)
        try journal.plan(.stage("skus"))
        try journal.markCompleted(.stage("skus"), detail: StageDetail(records: 3, checksum: digest.checksum))
        try check(directory, journal)
        try execute("UPDATE records SET body = replace(body, 'Shirt B', 'Shirt X')", in: directory.stagingPath)
        #expect(throws: RunFileError.self) { try check(directory, journal) }
    }

    @Test("records written over REST in a completed batch must keep their outcome, else they would be created twice")
    func restOutcomesAreChecked() throws {
        defer { cleanUp() }
        let (directory, journal) = try stagedRun()
        let store = try StagingStore.open(at: directory.stagingPath)
        let ids = try store.chunks.restPayloads(type: "skus", after: 0, limit: 10).map(\.recordID)
        try journal.plan(.restBatch("skus", firstRecord: ids[0]), detail: RESTBatchDetail(records: 3))
        try journal.markRequested(.restBatch("skus", firstRecord: ids[0]), remoteID: nil)
        try journal.markCompleted(.restBatch("skus", firstRecord: ids[0]))
        for (index, id) in ids.enumerated() {
            try store.outcomes.recordOutcome(recordID: id, type: "skus", .created, targetID: "sku\(index)")
        }
        try check(directory, journal)
        try execute("DELETE FROM outcomes WHERE record_id = \(ids[2])", in: directory.stagingPath)
        let error = try #require(throws: RunFileError.self) { try check(directory, journal) }
        #expect(
            error.path == directory.stagingPath && error.problem.contains("outcome of 2 records of skus"), "\(error)")
    }

    @Test("a run folder of the same key whose journal is emptied, garbled or gone stops the command")
    func damagedJournalStops() throws {
        defer { cleanUp() }
        for damage in ["empty", "garble", "delete"] {
            let (directory, _) = try stagedRun()
            let journal = directory.journalPath
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: journal + suffix) }
            switch damage {
            case "empty":
                try Data().write(to: URL(fileURLWithPath: journal))
            case "garble":
                try Data(repeating: 0x5a, count: 8192).write(to: URL(fileURLWithPath: journal))
            default:
                try FileManager.default.removeItem(atPath: journal)
            }
            let error = try #require(throws: RunFileError.self, "\(damage)") {
                try RunDirectory.unfinished(key: Self.key, workdir: folder)
            }
            #expect(error.path == journal, "\(damage)")
            #expect(try RunDirectory.unfinished(key: "otherkey", workdir: folder) == nil, "\(damage)")
            try FileManager.default.removeItem(at: directory.url)
        }
    }
}

/// Run files are written into a new file beside them, then renamed: never through a link.
@Suite("Secure files")
struct SecureFileTests {
    @Test("replacing a file that is a symbolic link replaces the link, not what it points to")
    func replaceNeverFollowsLinks() throws {
        let folder = TemporaryFolder.url("secure")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let victim = folder.appendingPathComponent("victim.txt")
        try Data("keep".utf8).write(to: victim)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: victim.path)
        let report = folder.appendingPathComponent("report.md").path
        try FileManager.default.createSymbolicLink(atPath: report, withDestinationPath: victim.path)

        try SecureFile.replace(atPath: report, with: Data("# report".utf8))

        #expect(try String(contentsOf: victim, encoding: .utf8) == "keep")
        let victimMode = try FileManager.default.attributesOfItem(atPath: victim.path)[.posixPermissions] as? Int
        #expect(victimMode == 0o644)
        #expect(!SecureFile.isSymbolicLink(report))
        #expect(try String(contentsOfFile: report, encoding: .utf8) == "# report")
        let mode = try FileManager.default.attributesOfItem(atPath: report)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
        let journal = folder.appendingPathComponent("journal.db").path
        try FileManager.default.createSymbolicLink(atPath: journal, withDestinationPath: victim.path)
        #expect(throws: SecureFileError.self) { try SecureFile.create(atPath: journal) }
        #expect(try FileManager.default.attributesOfItem(atPath: victim.path)[.posixPermissions] as? Int == 0o644)
    }
}
