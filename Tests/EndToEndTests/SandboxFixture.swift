import AsyncHTTPClient
import CommerceLayerAPI
import Foundation
import LayerCloneCore
import LayerCloneTestSupport
import Sandbox
import Testing

/// One sandbox on 127.0.0.1 (ephemeral port) with the demo store seeded in its test
/// environment, and a temporary work directory; `close()` stops the server and deletes the
/// folder. Every end-to-end test starts its own.
final class SandboxFixture: Sendable {
    let server: SandboxServer
    let endpoint: SandboxServer.Endpoint
    /// A fresh temporary folder (runs, plans written by tests, subprocess output).
    let folder: URL
    /// The HTTP client of the in-process clones, shut down before the server (idle
    /// keep-alive connections would otherwise hold the server's graceful shutdown).
    let http: HTTPClient

    /// Starts a sandbox with `configuration` (bound to 127.0.0.1, port 0) and seeds the demo
    /// store at `scale` into its test environment.
    static func start(configuration: SandboxConfiguration = .endToEnd, scale: Int) async throws -> SandboxFixture {
        var configuration = configuration
        configuration.host = "127.0.0.1"
        configuration.port = 0
        let server = try SandboxServer(configuration: configuration)
        let endpoint = try await server.start()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "layerclone-e2e-\(UUID().uuidString)", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try await server.seedDemo(scale: scale, into: .test)
        } catch {
            await server.shutdown()
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
        return SandboxFixture(server: server, endpoint: endpoint, folder: folder)
    }

    private init(server: SandboxServer, endpoint: SandboxServer.Endpoint, folder: URL) {
        self.server = server
        self.endpoint = endpoint
        self.folder = folder
        http = HTTPClient(eventLoopGroupProvider: .singleton)
    }

    /// Runs `body` with a started fixture and always cleans up afterwards.
    static func with<T: Sendable>(
        configuration: SandboxConfiguration = .endToEnd, scale: Int,
        _ body: (SandboxFixture) async throws -> T
    ) async throws -> T {
        let fixture = try await start(configuration: configuration, scale: scale)
        do {
            let value = try await body(fixture)
            await fixture.close()
            return value
        } catch {
            await fixture.close()
            throw error
        }
    }

    /// Stops the server and deletes the temporary folder (kept, and its path printed, when
    /// `LAYERCLONE_KEEP_E2E` is set: run folders, journals and staging stores to inspect).
    func close() async {
        try? await http.shutdown()
        await server.shutdown()
        if ProcessInfo.processInfo.environment["LAYERCLONE_KEEP_E2E"] == nil {
            try? FileManager.default.removeItem(at: folder)
        } else {
            print("kept \(folder.path)")
        }
    }

    /// The work directory the clones of this fixture share (so a second run sees the first).
    var workdir: URL { folder.appendingPathComponent("work", isDirectory: true) }

    /// A profile for one of the sandbox's environments.
    func profile(_ environment: SandboxEnvironment) throws -> Profile {
        let credentials = try #require(server.credentials[environment])
        return try Profile(
            name: environment == .test ? "test" : "live", clientID: credentials.clientID,
            clientSecret: Secret(credentials.clientSecret), baseURL: URL(string: endpoint.baseURL)!,
            tokenURL: URL(string: endpoint.authURL)!)
    }

    /// A client of one environment, for changes a test makes through the API.
    func client(_ environment: SandboxEnvironment) throws -> CommerceLayerClient {
        CommerceLayerClient(profile: try profile(environment), transport: AsyncHTTPClientTransport(client: http))
    }

    /// The environment variables that give the CLI the `test` and `live` profiles.
    func profileEnvironment() throws -> [String: String] {
        try server.profileEnvironment(endpoint: endpoint)
    }

    /// Clones `planPath` from test into live in this process and returns the result.
    /// - Parameter pollInterval: how often the run polls its jobs (short: the sandbox is local).
    func clone(planPath: String, events: any EventSink = RecordingEventSink()) async throws -> CloneResult {
        var setup = CloneSetup(planPath: planPath, workdir: workdir, events: events)
        setup.allowLive = true
        setup.pollSchedule = PollSchedule(
            initialInterval: .milliseconds(50), maxInterval: .milliseconds(200), growth: 1.5, timeout: .seconds(300))
        let (plan, text) = try setup.executionPlan()
        var job = try await setup.makeJob(
            plan: plan, planText: text, source: profile(.test), target: profile(.live),
            transport: AsyncHTTPClientTransport(client: http))
        job.pollInterval = .milliseconds(100)
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
        configuration.rateLimits = .off
        configuration.jobSpeed = .instant
        return configuration
    }
}
