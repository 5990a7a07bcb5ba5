import Foundation
import LayerCloneCore
import ResourceCatalog
import Sandbox
import Testing

/// The API goes away in the middle of a clone: the run retries for the outage budget, then
/// stops with exit 69 and says since when the API is gone and how to resume, instead of
/// retrying every request of every type in turn.
@Suite("An API outage ends a run", .tags(.endToEnd))
struct APIOutageTests {
    @Test("the sandbox stops mid-clone: exit 69 within the budget, resumable")
    func outage() async throws {
        try await SandboxFixture.with(scale: 1) { fixture in
            // Jobs stay pending: the run is certainly mid-clone, waiting on a job, when the API goes.
            fixture.server.holdJobs { _ in true }
            let arguments = [
                "clone", CLIProcess.plan("store-setup.yml"), "--source", "test", "--target", "live", "--allow-live",
                "--workdir", fixture.workdir.path, "--json", "--outage-budget", "3",
            ]
            let child = try CLIChild(
                arguments, environment: try fixture.profileEnvironment(), directory: fixture.folder)
            let started = await child.waitForOutput(containing: "\"job_created\"", timeout: .seconds(120))
            await fixture.server.shutdown()
            let outcome = await child.finish(timeout: .seconds(120))
            #expect(started, "the run never created a job: \(outcome)")
            #expect(outcome.status == 69 && !outcome.signaled, "\(outcome)")
            #expect(outcome.standardError.contains("the API has been unavailable since"), "\(outcome)")
            #expect(outcome.standardError.contains("run the same command to resume"), "\(outcome)")
            let last = try #require(
                outcome.standardOutput.split(separator: "\n").last.flatMap { try? JSONValue.parse(String($0)) })
            #expect(last["event"]?.stringValue == "run_finished", "\(outcome)")
            #expect(last["exit_code"]?.intValue == 69, "\(outcome)")
        }
    }
}
