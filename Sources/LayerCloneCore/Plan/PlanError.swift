/// One problem found in a plan file, at a position.
package struct PlanIssue: Sendable, Hashable, CustomStringConvertible {
    /// Where the offending value starts.
    package let location: SourceLocation
    /// What is wrong and, where it helps, what to write instead.
    package let message: String

    package init(_ location: SourceLocation, _ message: String) {
        self.location = location
        self.message = message
    }

    /// `plan.yml:12:3: unknown resource type "skuz"`.
    package var description: String { "\(location): \(message)" }
}

/// Why a plan could not be read or used.
package enum PlanError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be read at all.
    case unreadable(path: String, reason: String)
    /// The file is not valid YAML, or it does not describe a valid plan. Issues are sorted by
    /// position; every one of them is reported at once.
    case invalid([PlanIssue])

    /// The issues, one per line, each `file:line:column: message`.
    package var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "\(path): cannot read the plan: \(reason)"
        case .invalid(let issues):
            issues.map(\.description).joined(separator: "\n")
        }
    }

    /// The issues of an invalid plan (empty for an unreadable one).
    package var issues: [PlanIssue] {
        if case .invalid(let issues) = self { return issues }
        return []
    }
}
