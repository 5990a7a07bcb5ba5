/// How records are written when the target may already hold some of them.
package enum WriteMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Create records the target lacks and update the ones it has (matched by identity).
    case upsert
    /// Create records the target lacks; leave existing ones untouched.
    case createMissing = "create-missing"
    /// Update records the target has; create nothing.
    case updateOnly = "update-only"
}
