import Foundation
import LayerCloneCore
import Sandbox
import Testing

/// Damaged journals and run files met by the executable: a journal that cannot be read stops
/// the command (65) until `--restart`, which waits for the imports still running; reports are
/// never written through a symbolic link.
@Suite("Damaged run files", .tags(.endToEnd, .slow))
struct RunFileIntegrityTests {
    static func arguments(_ fixture: SandboxFixture) -> [String] {
        [
            "clone", CLIProcess.plan("store-setup.yml"), "--source", "test", "--target", "live", "--allow-live",
            "--workdir",
            fixture.workdir.path, "--json",
        ]
    }

    static func onlyRun(_ fixture: SandboxFixture) throws -> URL {
        let runs = RunDirectory.runsFolder(workdir: fixture.workdir)
        let names = try FileManager.default.contentsOfDirectory(atPath: runs.path)
        try #require(names.count == 1, "expected one run folder: \(names)")
        return runs.appendingPathComponent(names[0])
    }

    @Test("a journal cut in half while an import runs stops the command; --restart waits and duplicates nothing")
    func damagedJournalThenRestart() async throws {
        try await SandboxFixture.with(scale: 1) { fixture in
            let types = try planTypes(CLIProcess.plan("store-setup.yml"))
            let arguments = Self.arguments(fixture)
            let environment = try fixture.profileEnvironment()
            // Imports stay pending until the test releases them, so the one the killed run
            // requested is still running when the damaged journal is met and when --restart
            // looks, however slow the machine.
            fixture.server.holdJobs { $0.kind == .imports }
            var crashing = environment
            crashing["LAYERCLONE_CRASH_AT"] = "import-requested"
            let killed = try await CLIProcess.run(
                arguments, environment: crashing, directory: fixture.folder, timeout: .seconds(300))
            try #require(killed.killedBySIGKILL, "\(killed)")
            let run = try Self.onlyRun(fixture)
            let journal = run.appendingPathComponent("journal.db").path
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: journal + suffix) }
            try RunFileDamage.truncate.apply(to: journal)

            let stopped = try await CLIProcess.run(arguments, environment: environment, directory: fixture.folder)
            #expect(!stopped.signaled && stopped.status == 65, "\(stopped)")
            #expect(stopped.standardError.contains(journal), "\(stopped)")
            #expect(stopped.standardError.contains("--restart"), "\(stopped)")
            let running = fixture.jobs(kind: .imports).filter { $0.status.isActive }
            #expect(!running.isEmpty, "the killed run's import already settled: the test proves nothing")

            // --restart waits for that import; once it says so, the import may finish.
            let restart = try CLIChild(
                arguments + ["--restart"], environment: environment, directory: fixture.folder)
            let waited = await restart.waitForOutput(containing: "running layerclone imports", timeout: .seconds(120))
            fixture.server.releaseJobs()
            let restarted = await restart.finish(timeout: .seconds(300))
            #expect(waited, "--restart did not wait for the running import: \(restarted)")
            #expect(!restarted.signaled && restarted.status == 0, "\(restarted)")
            try await TargetChecks.expectLiveEqualsTest(fixture, types: types)
            try await TargetChecks.expectCodesUnique(fixture, types: types)
            let folders = try FileManager.default.contentsOfDirectory(
                atPath: RunDirectory.runsFolder(workdir: fixture.workdir).path)
            #expect(folders.contains { $0.hasSuffix(".abandoned") }, "\(folders)")
        }
    }

    @Test("a report replaced by a symbolic link is replaced, its target left alone")
    func reportSymlinkNotFollowed() async throws {
        try await SandboxFixture.with(scale: 1) { fixture in
            let arguments = Self.arguments(fixture)
            let environment = try fixture.profileEnvironment()
            let first = try await CLIProcess.run(arguments, environment: environment, directory: fixture.folder)
            try #require(!first.signaled && first.status == 0, "\(first)")
            let run = try Self.onlyRun(fixture)
            let victim = fixture.folder.appendingPathComponent("victim.txt")
            try Data("keep me".utf8).write(to: victim)
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: victim.path)
            let report = run.appendingPathComponent("report.md").path
            try FileManager.default.removeItem(atPath: report)
            try FileManager.default.createSymbolicLink(atPath: report, withDestinationPath: victim.path)

            let again = try await CLIProcess.run(
                ["resume", run.lastPathComponent, "--allow-live", "--workdir", fixture.workdir.path, "--json"],
                environment: environment, directory: fixture.folder)
            #expect(!again.signaled && again.status == 0, "\(again)")
            #expect(try String(contentsOf: victim, encoding: .utf8) == "keep me")
            let mode = try FileManager.default.attributesOfItem(atPath: victim.path)[.posixPermissions] as? Int
            #expect(mode == 0o644)
            #expect(!SecureFile.isSymbolicLink(report))
            #expect(try String(contentsOfFile: report, encoding: .utf8).contains("#"))
        }
    }
}
