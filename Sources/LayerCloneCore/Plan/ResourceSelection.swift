import ResourceCatalog
import Staging

/// One entry of a plan's `resources`: a type or a preset, with the options that apply to
/// every type it stands for.
package struct ResourceSelection: Sendable, Hashable {
    /// What the entry names.
    package enum Subject: Sendable, Hashable {
        case type(ResourceType)
        case preset(PlanPreset)
    }

    package let subject: Subject
    /// Export filter predicates without the `filter[q]` wrapper (`{"code_start": "TS"}`).
    package var filters: [String: JSONValue]
    /// Identity components replacing the catalog's natural key (attributes or to-one
    /// relationship names), nil to keep the catalog's rule.
    package var identity: [IdentityComponent]?
    /// How records are written; nil inherits the default (`upsert`).
    package var write: WriteMode?
    /// Transforms, applied in order.
    package var transforms: [Transform]
    /// Policy for references that cannot be resolved; nil inherits the plan's.
    package var missingReferences: MissingReferencePolicy?
    /// Optional relationships whose parents are pulled into scope too (`customer_group`).
    package var optionalParents: [String]
    /// Where the entry's name appears in the plan file.
    package let location: SourceLocation

    package init(
        subject: Subject,
        filters: [String: JSONValue] = [:],
        identity: [IdentityComponent]? = nil,
        write: WriteMode? = nil,
        transforms: [Transform] = [],
        missingReferences: MissingReferencePolicy? = nil,
        optionalParents: [String] = [],
        location: SourceLocation
    ) {
        self.subject = subject
        self.filters = filters
        self.identity = identity
        self.write = write
        self.transforms = transforms
        self.missingReferences = missingReferences
        self.optionalParents = optionalParents
        self.location = location
    }

    /// The concrete types the entry stands for, with abstract types replaced by their
    /// subtypes.
    package func types(in catalog: ResourceCatalog) -> [ResourceType] {
        let named: [ResourceType] =
            switch subject {
            case .type(let type): [type]
            case .preset(let preset): preset.types
            }
        return named.flatMap { type in
            guard let spec = catalog[type], spec.isAbstract else { return [type] }
            return spec.subtypes
        }
    }

    /// The name as written in the plan.
    package var name: String {
        switch subject {
        case .type(let type): type.rawValue
        case .preset(let preset): preset.displayName
        }
    }
}
