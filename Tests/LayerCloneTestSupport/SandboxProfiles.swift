import Sandbox

extension SandboxServer {
    /// The environment variables that give the command line the `test` and `live` profiles of
    /// this sandbox (`LAYERCLONE_TEST_CLIENT_ID`, `…_CLIENT_SECRET`, `…_BASE_URL`, `…_AUTH_URL`,
    /// and the same for `LIVE`).
    /// - Throws: `SandboxProfilesError` when the sandbox has no credentials for an environment.
    package func profileEnvironment(endpoint: Endpoint) throws -> [String: String] {
        var environment: [String: String] = [:]
        for side in [SandboxEnvironment.test, .live] {
            guard let credentials = credentials[side] else { throw SandboxProfilesError(environment: side) }
            let prefix = side == .test ? "LAYERCLONE_TEST_" : "LAYERCLONE_LIVE_"
            environment[prefix + "CLIENT_ID"] = credentials.clientID
            environment[prefix + "CLIENT_SECRET"] = credentials.clientSecret
            environment[prefix + "BASE_URL"] = endpoint.baseURL
            environment[prefix + "AUTH_URL"] = endpoint.authURL
        }
        return environment
    }
}

/// A sandbox without credentials for one of its environments.
package struct SandboxProfilesError: Error, CustomStringConvertible {
    let environment: SandboxEnvironment

    package var description: String { "the sandbox has no credentials for its \(environment) environment" }
}
