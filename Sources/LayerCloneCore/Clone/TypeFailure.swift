import ResourceCatalog

/// Why one type of a run could not be cloned: the error itself, kept as it was thrown so the
/// command can tell an outage (exit 69) from bad data (65) or a bug (70).
package struct TypeFailure: Sendable {
    package let type: ResourceType
    /// The error that stopped the type.
    package let cause: any Error
    /// What the run was doing, when the error alone does not say (a looked-up type's read).
    package let doing: String?

    package init(type: ResourceType, cause: any Error, doing: String? = nil) {
        self.type = type
        self.cause = cause
        self.doing = doing
    }

    /// The line the summary, the report and the `type_failed` event show.
    package var reason: String {
        doing.map { "\($0) failed: \(cause)" } ?? "\(cause)"
    }

    /// The cause's class; `.internalError` for an error no class covers.
    package var errorClass: ErrorClass {
        (cause as? any ClassifiedError)?.exitClass ?? .internalError
    }

    /// Whether the type failed only because a type it needs did (that one's failure is the cause).
    package var isConsequence: Bool { cause is TypeGate.ParentFailed }

    /// The class a run whose types failed for these causes ends with: an outage first (running
    /// again later may be all it takes), then a bug, then bad data or a bad plan. Types that
    /// failed only because their parents did do not count.
    package static func errorClass(of failures: [TypeFailure]) -> ErrorClass {
        let causes = failures.filter { !$0.isConsequence }
        let classes = Set((causes.isEmpty ? failures : causes).map(\.errorClass))
        let order: [ErrorClass] = [.unavailable, .interrupted, .internalError, .usage]
        return order.first { classes.contains($0) } ?? .badInput
    }
}
