import Foundation
import Hummingbird
import Logging
import ResourceCatalog
import ServiceLifecycle
import Synchronization

/// A running sandbox: one organization with a test and a live environment, served over HTTP.
///
/// ```swift
/// let server = try SandboxServer(configuration: SandboxConfiguration())
/// let endpoint = try await server.start()        // binds, returns base URL and port
/// try await server.seedDemo(scale: 1, into: .test)
/// … // talk to endpoint.baseURL with server.credentials[.test]
/// await server.shutdown()
/// ```
package final class SandboxServer: Sendable {
    /// Where a started server listens.
    package struct Endpoint: Sendable, Equatable {
        /// `http://127.0.0.1:<port>` (the API is under `/api`).
        package var baseURL: String
        /// `http://127.0.0.1:<port>/oauth/token`.
        package var authURL: String
        package var port: Int
    }

    private struct Running {
        var task: Task<Void, any Error>
        var group: ServiceGroup
        var endpoint: Endpoint
    }

    /// Everything routes share; the jobs part registers its routes against it.
    package let state: SandboxState
    private let running = Mutex<Running?>(nil)
    private let logger: Logger

    package init(configuration: SandboxConfiguration, logger: Logger = Logger(label: "layerclone.sandbox")) throws {
        state = try SandboxState(configuration: configuration)
        var logger = logger
        logger.logLevel = .warning
        self.logger = logger
    }

    /// The integration credentials of each environment.
    package var credentials: [SandboxEnvironment: SandboxCredentials] { state.credentials }
    /// The organization id carried in tokens and `meta.organization_id`.
    package var organizationID: String { state.organizationID }
    /// The organization slug.
    package var organizationSlug: String { state.configuration.server.organizationSlug }
    /// The sandbox clock; tests advance it to expire tokens or slide rate-limit windows.
    package var clock: SandboxClock { state.clock }
    /// The endpoint once started.
    package var endpoint: Endpoint? { running.withLock { $0?.endpoint } }

    /// Binds and starts serving; returns once the server listens.
    /// - Throws: when the address cannot be bound or the server is already running.
    @discardableResult
    package func start() async throws -> Endpoint {
        let router = SandboxRouter.build(state: state)
        let configuration = state.configuration
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        let application = Application(
            router: router,
            configuration: .init(
                address: .hostname(configuration.server.host, port: configuration.server.port), serverName: nil),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger)
        let group = ServiceGroup(
            configuration: .init(services: [application], gracefulShutdownSignals: [], logger: logger))
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        var port = 0
        for await bound in stream { port = bound }
        guard port > 0 else {
            task.cancel()
            do { try await task.value } catch { throw SandboxServerError.cannotListen(error.localizedDescription) }
            throw SandboxServerError.cannotListen("\(configuration.server.host):\(configuration.server.port)")
        }
        let base = "http://\(configuration.server.host):\(port)"
        let endpoint = Endpoint(baseURL: base, authURL: base + "/oauth/token", port: port)
        running.withLock { $0 = Running(task: task, group: group, endpoint: endpoint) }
        return endpoint
    }

    /// Stops serving and waits for the server to finish. Safe to call twice.
    package func shutdown() async {
        guard
            let current = running.withLock({ state in
                defer { state = nil }
                return state
            })
        else { return }
        await state.jobs.shutdown()
        await current.group.triggerGracefulShutdown()
        _ = try? await current.task.value
    }

    /// Replaces the faults at run time and restarts the fault sequence from `seed`.
    package func setFaults(_ spec: FaultSpec, seed: UInt64? = nil) {
        state.faults.configure(spec, seed: seed ?? state.configuration.conditions.faultSeed)
    }

    /// The number of records of `type` in `environment`, read directly from the store.
    package func count(_ type: ResourceType, in environment: SandboxEnvironment) async throws -> Int {
        try await state.store.read { try $0.count(type: type, environment: environment) }
    }

    /// All records of `type` in `environment`, ordered by id, read directly from the store.
    package func records(_ type: ResourceType, in environment: SandboxEnvironment) async throws -> [StoredRecord] {
        try await state.store.read { try $0.list(RecordQuery(types: [type], environment: environment)).records }
    }
}

/// Why a sandbox could not start.
package enum SandboxServerError: Error, CustomStringConvertible {
    case cannotListen(String)

    package var description: String {
        switch self {
        case .cannotListen(let detail): "the sandbox could not listen: \(detail); pick another --host or --port"
        }
    }
}
