import CommerceLayerAPI
import Foundation
import LayerCloneTestSupport
import Sandbox

@testable import LayerCloneCore

/// A started sandbox whose test environment holds the demo store, and a fresh folder for runs
/// (`SeededSandbox`): clones from test into live on demand.
typealias DemoStoreFixture = SeededSandbox

extension SeededSandbox {
    /// Runs `body` with a sandbox (`configuration`, rate limits off) seeded with the demo store
    /// at `scale`; stops it and removes the folder afterwards, whatever happens.
    static func with(
        _ configuration: SandboxConfiguration = SandboxConfiguration(), scale: Int = 1, file: String = #fileID,
        line: Int = #line, _ body: (DemoStoreFixture) async throws -> Void
    ) async throws {
        var configuration = configuration
        configuration.limits.rateLimits = .off
        try await with(configuration: configuration, scale: scale, folderPrefix: "demo", file: file, line: line, body)
    }

    /// Clones `planText` from test into live, polling jobs every 50 ms.
    func clone(_ planText: String, events: RecordingEventSink = RecordingEventSink(), overwriteDrift: Bool = false)
        async throws -> CloneResult
    {
        let plan = try Planner().plan(PlanParser().parse(planText, file: "plan.yml"))
        var setup = CloneSetup(planPath: "plan.yml", workdir: folder, events: events)
        setup.allowLive = true
        setup.writePolicy.writeGuard.overwriteDrift = overwriteDrift
        var job = try await setup.makeJob(
            plan: plan, planText: planText, source: try profile(.test), target: try profile(.live),
            transport: AsyncHTTPClientTransport(client: http))
        job.runOptions.pollInterval = .milliseconds(50)
        return try await job.run()
    }
}
