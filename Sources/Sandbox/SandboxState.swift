import Hummingbird
import ResourceCatalog

/// Everything the routes and middleware of one sandbox share: catalog, store, writer, token
/// issuer, rate limiter, fault injector and clock. The jobs part adds its routes on top of it.
package final class SandboxState: Sendable {
    package let configuration: SandboxConfiguration
    package let catalog: ResourceCatalog
    package let clock: SandboxClock
    package let store: SandboxStore
    package let writer: RecordWriter
    package let tokens: TokenIssuer
    package let rateLimiter: RateLimiter
    package let faults: FaultInjector
    package let organizationID: String
    package let credentials: [SandboxEnvironment: SandboxCredentials]
    /// Exports, imports and cleanups.
    package let jobs: JobCenter

    package init(configuration: SandboxConfiguration, catalog: ResourceCatalog = .commerceLayer) throws {
        self.configuration = configuration
        self.catalog = NewerSchema(extraAttributes: configuration.behaviours.extraAttributes).applied(to: catalog)
        clock = SandboxClock()
        store = try configuration.server.databasePath.map(SandboxStore.open(at:)) ?? SandboxStore.inMemory()
        writer = RecordWriter(
            catalog: self.catalog, clock: clock, acceptsConcreteLinks: configuration.behaviours.concreteGatewayLinks)
        organizationID = StoredRecord.newID()
        credentials = [.test: .random(), .live: .random()]
        tokens = TokenIssuer(
            organizationID: organizationID, organizationSlug: configuration.server.organizationSlug,
            credentials: credentials, lifetime: configuration.server.tokenLifetime, clock: clock)
        rateLimiter = RateLimiter(mode: configuration.limits.rateLimits, clock: clock)
        faults = FaultInjector(spec: configuration.conditions.faults, seed: configuration.conditions.faultSeed)
        jobs = JobCenter(
            configuration: configuration, catalog: self.catalog, store: store, writer: writer, clock: clock)
    }

    /// `http://<Host header>/api`, the base of `links` in responses.
    func apiBase(for request: Request) -> String {
        let host = request.head.authority ?? "\(configuration.server.host):\(configuration.server.port)"
        return "http://\(host)/api"
    }
}
