import CommerceLayerAPI
import Foundation
import Sandbox

extension SandboxServer {
    /// A profile for one of this started sandbox's environments, at `endpoint`.
    /// - Throws: `SandboxProfilesError` when the sandbox has no credentials for it.
    package func profile(_ environment: SandboxEnvironment, at endpoint: Endpoint) throws -> Profile {
        guard let credentials = credentials[environment] else { throw SandboxProfilesError(environment: environment) }
        return try Profile(
            name: "\(environment)", clientID: credentials.clientID, clientSecret: Secret(credentials.clientSecret),
            baseURL: URL(string: endpoint.baseURL)!, tokenURL: URL(string: endpoint.authURL)!)
    }
}

/// The fake clock of the tests: API-client time tied to a sandbox's clock, so sleeping moves
/// the sandbox's time forward and token expiry, rate-limit windows, retry waits and job polls
/// play out in milliseconds, consistently on both sides, however loaded the machine is.
package struct SandboxLinkedClock: APIClock {
    package let sandbox: SandboxClock

    package init(sandbox: SandboxClock) { self.sandbox = sandbox }

    package func now() -> Duration { .milliseconds(Int64(sandbox.now() * 1000)) }

    package func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        guard duration > .zero else { return }
        let (seconds, attoseconds) = duration.components
        sandbox.advance(by: Double(seconds) + Double(attoseconds) / 1e18)
        await Task.yield()
    }
}
