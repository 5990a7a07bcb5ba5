import AsyncHTTPClient
import CommerceLayerAPI
import Foundation
import LayerCloneCore
import LayerCloneTestSupport
import Sandbox
import Testing

/// One sandbox on 127.0.0.1 (ephemeral port) with the demo store seeded in its test
/// environment, and a temporary work directory (`SeededSandbox`). Every end-to-end test
/// starts its own.
typealias SandboxFixture = SeededSandbox

extension SeededSandbox {
    /// Runs `body` with a sandbox started with `configuration` and the demo store at `scale`,
    /// and always cleans up afterwards.
    static func with<T: Sendable>(
        configuration: SandboxConfiguration = .endToEnd, scale: Int, file: String = #fileID, line: Int = #line,
        _ body: (SandboxFixture) async throws -> T
    ) async throws -> T {
        try await with(
            configuration: configuration, scale: scale, folderPrefix: "layerclone-e2e", file: file, line: line, body)
    }

    /// The work directory the clones of this fixture share (so a second run sees the first).
    var workdir: URL { folder.appendingPathComponent("work", isDirectory: true) }

    /// A client of one environment, for changes a test makes through the API.
    func client(_ environment: SandboxEnvironment) throws -> CommerceLayerClient {
        CommerceLayerClient(profile: try profile(environment), transport: AsyncHTTPClientTransport(client: http))
    }

    /// Clones `planPath` from test into live in this process and returns the result.
    /// - Parameter pollInterval: how often the run polls its jobs (short: the sandbox is local).
    func clone(planPath: String, events: any EventSink = RecordingEventSink()) async throws -> CloneResult {
        var setup = CloneSetup(planPath: planPath, workdir: workdir, events: events)
        setup.allowLive = true
        setup.clients.pollSchedule = PollSchedule(
            initialInterval: .milliseconds(50), maxInterval: .milliseconds(200), growth: 1.5, timeout: .seconds(300))
        let (plan, text) = try setup.executionPlan()
        var job = try await setup.makeJob(
            plan: plan, planText: text, source: profile(.test), target: profile(.live),
            transport: AsyncHTTPClientTransport(client: http))
        job.runOptions.pollInterval = .milliseconds(100)
        return try await job.run()
    }

    /// Import and export jobs the sandbox holds, of both environments.
    func jobs(kind: Sandbox.JobKind) -> [Job] {
        SandboxEnvironment.allCases.flatMap { server.state.jobs.registry.jobs(kind: kind, environment: $0) }
    }
}

extension SandboxConfiguration {
    /// The sandbox most end-to-end tests use: no rate limits, jobs that finish at once.
    static var endToEnd: SandboxConfiguration {
        var configuration = SandboxConfiguration()
        configuration.limits.rateLimits = .off
        configuration.conditions.jobSpeed = .instant
        return configuration
    }
}
