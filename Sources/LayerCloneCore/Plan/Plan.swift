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
