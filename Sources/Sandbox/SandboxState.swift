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
        self.catalog = NewerSchema(extraAttributes: configuration.extraAttributes).applied(to: catalog)
        clock = SandboxClock()
        store = try configuration.databasePath.map(SandboxStore.open(at:)) ?? SandboxStore.inMemory()
        writer = RecordWriter(
            catalog: self.catalog, clock: clock, acceptsConcreteLinks: configuration.concreteGatewayLinks)
        organizationID = StoredRecord.newID()
        credentials = [.test: .random(), .live: .random()]
        tokens = TokenIssuer(
            organizationID: organizationID, organizationSlug: configuration.organizationSlug,
            credentials: credentials, lifetime: configuration.tokenLifetime, clock: clock)
        rateLimiter = RateLimiter(mode: configuration.rateLimits, clock: clock)
        faults = FaultInjector(spec: configuration.faults, seed: configuration.faultSeed)
        jobs = JobCenter(
            configuration: configuration, catalog: self.catalog, store: store, writer: writer, clock: clock)
    }

    /// `http://<Host header>/api`, the base of `links` in responses.
    func apiBase(for request: Request) -> String {
        let host = request.head.authority ?? "\(configuration.host):\(configuration.port)"
        return "http://\(host)/api"
    }
}
