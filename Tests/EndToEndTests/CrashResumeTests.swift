import Foundation
import LayerCloneCore
import Sandbox
import Testing

/// The CLI killed with SIGKILL at a crash point, then run again with the same command until it
/// finishes: the target equals the source, nothing exists twice, no job was created twice.
@Suite("Clone killed and resumed", .tags(.endToEnd, .slow))
struct CrashResumeTests {
    /// Every crash point (`LAYERCLONE_CRASH_AT`), and one at a later occurrence. The cases run
    /// in parallel (most of a run is waiting on job polls); each needs its own sandbox.
    static let points = [
        "export-create", "export-requested", "download", "staged", "diff", "import-create", "import-requested",
        "import-harvested", "rest-record", "lookup", "patch-before", "patch-after", "import-requested#3",
    ]

    @Test("killed at a crash point, the same command finishes the run", arguments: points)
    func killedAndResumed(point: String) async throws {
        let planPath = CLIProcess.plan("store-setup.yml")
        try await SandboxFixture.with(scale: 2) { fixture in
            let types = try planTypes(planPath)
            let arguments = [
                "clone", planPath, "--source", "test", "--target", "live", "--allow-live", "--workdir",
                fixture.workdir.path, "--json",
            ]
            let environment = try fixture.profileEnvironment()
            var crashing = environment
            crashing["LAYERCLONE_CRASH_AT"] = point
            let killed = try await CLIProcess.run(
                arguments, environment: crashing, directory: fixture.folder, timeout: .seconds(300))
            #expect(killed.killedBySIGKILL, "the run was not killed at \(point): \(killed)")
            #expect(killed.standardError.contains("crash point \(point.split(separator: "#")[0])"), "\(killed)")

            var last = killed
            for _ in 0..<3 {
                last = try await CLIProcess.run(
                    arguments, environment: environment, directory: fixture.folder, timeout: .seconds(300))
                if !last.signaled, last.status == 0 { break }
            }
            #expect(!last.signaled && last.status == 0, "the re-run did not finish: \(last)")
            let runs = try FileManager.default.contentsOfDirectory(
                atPath: RunDirectory.runsFolder(workdir: fixture.workdir).path)
            #expect(runs.count == 1, "the re-run started a new run instead of resuming: \(runs)")

            try await TargetChecks.expectLiveEqualsTest(fixture, types: types)
            try await TargetChecks.expectCodesUnique(fixture, types: types)
            TargetChecks.expectJobReferencesUnique(fixture)
        }
    }
}
