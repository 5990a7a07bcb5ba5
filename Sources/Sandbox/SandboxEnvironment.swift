/// One of the two environments of the sandbox organization.
package enum SandboxEnvironment: String, Sendable, Hashable, CaseIterable, Codable {
    case test
    case live

    /// The value of `meta.mode` and of the token's `test` claim.
    package var isTest: Bool { self == .test }
}
