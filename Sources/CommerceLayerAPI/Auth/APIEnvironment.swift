/// Which of an organization's two environments a credential reaches.
package enum APIEnvironment: String, Sendable, Hashable, Codable, CustomStringConvertible {
    case test
    case live

    package var description: String { rawValue }
}
