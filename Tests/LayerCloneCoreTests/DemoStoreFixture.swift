import CommerceLayerAPI
import Foundation
import Sandbox

@testable import LayerCloneCore

/// A started sandbox whose test environment holds the demo store, and a fresh folder for runs:
/// clones from test into live on demand.
struct DemoStoreFixture {
    let server: SandboxServer
    let endpoint: SandboxServer.Endpoint
    let folder: URL

    /// Runs `body` with a sandbox (`configuration`, rate limits off) seeded with the demo store
    /// at `scale`; stops it and removes the folder afterwards, whatever happens.
    static func with(
        _ configuration: SandboxConfiguration = SandboxConfiguration(), scale: Int = 1,
        _ body: (DemoStoreFixture) async throws -> Void
    ) async throws {
        var configuration = configuration
        configuration.rateLimits = .off
        let server = try SandboxServer(configuration: configuration)
        let endpoint = try await server.start()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("demo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            _ = try await server.seedDemo(scale: scale, into: .test)
            try await body(DemoStoreFixture(server: server, endpoint: endpoint, folder: folder))
            await server.shutdown()
        } catch {
            await server.shutdown()
            throw error
        }
    }

    /// A profile for one of the sandbox's environments.
    func profile(_ environment: SandboxEnvironment) throws -> Profile {
        try server.profile(environment, at: endpoint)
    }

    /// Clones `planText` from test into live, polling jobs every 50 ms.
    func clone(_ planText: String, events: RecordingEventSink = RecordingEventSink(), overwriteDrift: Bool = false)
        async throws -> CloneResult
    {
        let plan = try Planner().plan(PlanParser().parse(planText, file: "plan.yml"))
        var setup = CloneSetup(planPath: "plan.yml", workdir: folder, events: events)
        setup.allowLive = true
        setup.overwriteDrift = overwriteDrift
        var job = try await setup.makeJob(
            plan: plan, planText: planText, source: try profile(.test), target: try profile(.live),
            transport: AsyncHTTPClientTransport())
        job.pollInterval = .milliseconds(50)
        return try await job.run()
    }
}
