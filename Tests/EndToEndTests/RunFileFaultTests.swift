import Foundation
import LayerCloneCore
import Sandbox
import Testing

/// The local-state fault suite: a clone killed (SIGKILL) in the middle of its writes, then
/// one run file deleted, emptied, cut short or garbled, then the same command run again. It
/// either finishes with the target equal to the source and nothing twice, or stops with a
/// non-zero code naming the file (and `--restart` then finishes the clone, duplicating
/// nothing). It never exits 0 with a target that differs.
@Suite("Run files damaged after a kill", .tags(.endToEnd, .slow))
struct RunFileFaultTests {
    /// One damaged file.
    struct Fault: Sendable, CustomTestStringConvertible {
        let file: String
        let damage: RunFileDamage

        var testDescription: String { "\(damage) \(file)" }
    }

    static let files = ["journal.db", "journal.db-wal", "staging.db", "staging.db-wal", "target.db", "target.db-wal"]
    /// Every file with every damage, except emptying a log (SQLite reads an empty log as none:
    /// the same as deleting it).
    static let faults = files.flatMap { file in
        RunFileDamage.allCases.filter { !(file.hasSuffix("-wal") && $0 == .empty) }.map {
            Fault(file: file, damage: $0)
        }
    }

    /// Where the clone is killed: eight types have landed, others are being staged or written.
    /// (Before run files were checked, deleting `staging.db-wal` here made the next run exit 0
    /// with "0 records in the source", the target incomplete.)
    static let crashPoint = "lookup#8"

    @Test("a killed clone with a damaged run file finishes equal or stops naming the file", arguments: faults)
    func damagedRunFile(_ fault: Fault) async throws {
        let planPath = CLIProcess.plan("store-setup.yml")
        try await SandboxFixture.with(scale: 1) { fixture in
            let types = try planTypes(planPath)
            let arguments = [
                "clone", planPath, "--source", "test", "--target", "live", "--allow-live", "--workdir",
                fixture.workdir.path, "--json",
            ]
            let environment = try fixture.profileEnvironment()
            var crashing = environment
            crashing["LAYERCLONE_CRASH_AT"] = Self.crashPoint
            let killed = try await CLIProcess.run(
                arguments, environment: crashing, directory: fixture.folder, timeout: .seconds(300))
            try #require(killed.killedBySIGKILL, "the run was not killed at \(Self.crashPoint): \(killed)")

            let runs = RunDirectory.runsFolder(workdir: fixture.workdir)
            let run = try #require(try FileManager.default.contentsOfDirectory(atPath: runs.path).first)
            let path = runs.appendingPathComponent(run).appendingPathComponent(fault.file).path
            let damaged = try fault.damage.apply(to: path)

            let resumed = try await CLIProcess.run(
                arguments, environment: environment, directory: fixture.folder, timeout: .seconds(300))
            #expect(!resumed.signaled, "\(resumed)")
            if resumed.status == 0 {
                try await TargetChecks.expectLiveEqualsTest(fixture, types: types)
                try await TargetChecks.expectCodesUnique(fixture, types: types)
                return
            }
            // Stopped: it must say which file, having duplicated nothing.
            let named = fault.file.replacingOccurrences(of: "-wal", with: "")
            #expect(
                resumed.standardError.contains(named),
                "exit \(resumed.status) without naming \(named) (damaged: \(damaged)): \(resumed)")
            try await TargetChecks.expectCodesUnique(fixture, types: types)
            // `--restart` then finishes the clone (checked for one kind of damage per file:
            // each costs a whole clone, and the damage no longer matters once set aside).
            guard fault.damage == .delete else { return }
            let restarted = try await CLIProcess.run(
                arguments + ["--restart"], environment: environment, directory: fixture.folder,
                timeout: .seconds(300))
            #expect(!restarted.signaled && restarted.status == 0, "--restart did not finish: \(restarted)")
            try await TargetChecks.expectLiveEqualsTest(fixture, types: types)
            try await TargetChecks.expectCodesUnique(fixture, types: types)
        }
    }
}
