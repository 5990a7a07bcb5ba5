import ResourceCatalog
import Staging

/// A parsed and validated plan file: what a clone covers and how.
///
/// Profiles are names only; credentials come from the environment or the credentials file,
/// never from a plan. Build one with `PlanParser`.
package struct Plan: Sendable, Hashable {
    /// The file the plan came from (as the user named it).
    package let file: String
    /// The source profile name, if the plan names one (`--source` overrides it).
    package var source: String?
    /// The target profile name, if the plan names one (`--target` overrides it).
    package var target: String?
    /// The entries of `resources`, in file order.
    package var resources: [ResourceSelection]
    /// The default policy for unresolved references (`fail` unless the plan says otherwise).
    package var missingReferences: MissingReferencePolicy
    /// Whether required parents outside `resources` are pulled into scope (default true).
    /// When false, they must already exist in the target and are looked up there.
    package var includeParents: Bool
    /// Chunk sizes and job caps.
    package var limits: PlanLimits
    /// Target values for environment-specific fields (`environment_values`), by type then
    /// field; every other environment-specific value is left out of writes and reported.
    package var environmentValues: [ResourceType: [String: EnvironmentValue]] = [:]

    package init(
        file: String,
        source: String? = nil,
        target: String? = nil,
        resources: [ResourceSelection],
        missingReferences: MissingReferencePolicy = .fail,
        includeParents: Bool = true,
        limits: PlanLimits = .standard
    ) {
        self.file = file
        self.source = source
        self.target = target
        self.resources = resources
        self.missingReferences = missingReferences
        self.includeParents = includeParents
        self.limits = limits
    }
}

/// What a plan's `environment_values` gives an environment-specific field of the target.
package enum EnvironmentValue: Sendable, Hashable {
    /// One value for every record.
    case value(JSONValue)
    /// Source value → target value; records holding another value are left without one (and
    /// reported).
    case map([String: JSONValue])

    /// The transform that writes the target's values.
    package func transform(field: String) -> Transform {
        switch self {
        case .value(let value): .set(field: field, value: value)
        case .map(let values): .map(field: field, values: values)
        }
    }

    /// The target values records may keep once the transform ran (all others are withheld).
    package var targetValues: [JSONValue] {
        switch self {
        case .value(let value): [value]
        case .map(let values): values.keys.sorted().map { values[$0]! }
        }
    }
}
