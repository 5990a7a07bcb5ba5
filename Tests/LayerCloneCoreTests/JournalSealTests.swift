import Foundation
import LayerCloneTestSupport
import Testing

@testable import LayerCloneCore

/// A journal whose write-ahead log was cut short or garbled reads as an older journal: SQLite
/// stops at the first damaged frame. Its seal tells such a journal from one a kill left.
@Suite("Journal seal")
struct JournalSealTests {
    let folder: URL

    init() throws {
        folder = TemporaryFolder.url("journalseal")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: folder) }

    func path(_ name: String, in subfolder: String) -> String {
        folder.appendingPathComponent(subfolder).appendingPathComponent(name).path
    }

    /// Writes `count` units, each planned then completed (two commits).
    func record(_ count: Int, from start: Int, in journal: RunJournal) throws {
        for index in start..<(start + count) {
            try journal.plan(.read(.export, "skus", .range(index)))
            try journal.markCompleted(.read(.export, "skus", .range(index)), detail: ReadDetail(records: 1))
        }
    }

    func size(_ path: String) throws -> Int {
        ((try FileManager.default.attributesOfItem(atPath: path))[.size] as? NSNumber)?.intValue ?? 0
    }

    /// A journal (kept open, as a killed process leaves it) whose log holds 2 units, then 6;
    /// returns the size its log had after the first 2 units.
    func journalWithGrowingLog() throws -> (journal: RunJournal, earlierLogSize: Int) {
        let journal = try RunJournal(path: path("journal.db", in: "run"))
        try record(2, from: 0, in: journal)
        let earlier = try size(path("journal.db-wal", in: "run"))
        try record(4, from: 2, in: journal)
        return (journal, earlier)
    }

    /// Copies the run's journal, log and seal into `copy`, the log changed by `damage`.
    func copyRun(to copy: String, damage: (inout Data) -> Void) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: folder.appendingPathComponent(copy), withIntermediateDirectories: true)
        for name in ["journal.db", "journal.seal"] {
            try manager.copyItem(atPath: path(name, in: "run"), toPath: path(name, in: copy))
        }
        var log = try Data(contentsOf: URL(fileURLWithPath: path("journal.db-wal", in: "run")))
        damage(&log)
        try log.write(to: URL(fileURLWithPath: path("journal.db-wal", in: copy)))
    }

    @Test("a journal as a kill leaves it passes: its seal is never ahead of it")
    func soundJournalPasses() throws {
        defer { cleanUp() }
        let (journal, _) = try journalWithGrowingLog()
        try journal.checkSeal()
        try copyRun(to: "copy") { _ in }
        try RunJournal(path: path("journal.db", in: "copy")).checkSeal()
    }

    @Test("a log cut short or garbled loses commits: the check names the journal")
    func damagedLogStops() throws {
        defer { cleanUp() }
        let (original, earlier) = try journalWithGrowingLog()
        try withExtendedLifetime(original) {
            try copyRun(to: "cut") { log in log = log.prefix(earlier) }
            try copyRun(to: "garbled") { log in
                for offset in earlier..<min(log.count, earlier + 64) { log[offset] ^= 0x5a }
            }
        }
        for copy in ["cut", "garbled"] {
            let journal = try RunJournal(path: path("journal.db", in: copy))
            // The damaged log reads as the journal of two units: SQLite does not notice.
            #expect(try journal.units().count == 2, "\(copy)")
            let error = try #require(throws: RunFileError.self) { try journal.checkSeal() }
            #expect(error.path.hasSuffix("\(copy)/journal.db"), "\(error)")
            #expect(error.problem.contains("lost its last 8 entries"), "\(error)")
        }
    }

    @Test("a seal that is missing or damaged stops the check, naming the seal")
    func damagedSealStops() throws {
        defer { cleanUp() }
        let (journal, _) = try journalWithGrowingLog()
        let seal = path("journal.seal", in: "run")
        try Data("layerclone journal commits 12x\n".utf8).write(to: URL(fileURLWithPath: seal))
        let garbled = try #require(throws: RunFileError.self) { try journal.checkSeal() }
        #expect(garbled.path == seal && garbled.problem.contains("damaged"), "\(garbled)")
        try FileManager.default.removeItem(atPath: seal)
        let missing = try #require(throws: RunFileError.self) { try journal.checkSeal() }
        #expect(missing.path == seal && missing.problem.contains("missing"), "\(missing)")
    }

    @Test("a journal of an older release, without a seal, passes until it writes")
    func olderJournalPasses() throws {
        defer { cleanUp() }
        let journal = try RunJournal(path: path("journal.db", in: "run"))
        try journal.checkSeal()
        try record(1, from: 0, in: journal)
        try journal.checkSeal()
    }
}
