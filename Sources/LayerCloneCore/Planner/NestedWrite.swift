import ResourceCatalog

/// A child type written inside its parent's import inputs rather than one REST call per
/// record: each new parent carries its children as a nested array (a price's `price_tiers`),
/// as the import API allows. Children of parents the target already holds are written by REST.
package struct NestedWrite: Sendable, Hashable {
    /// The parent type, written by import (`prices`).
    package let parentType: ResourceType
    /// The parent's nested-children key in an import input (`price_tiers`).
    package let key: String
    /// The child's relationship to its parent (`price`), implied by the nesting.
    package let relationship: String

    package init(parentType: ResourceType, key: String, relationship: String) {
        self.parentType = parentType
        self.key = key
        self.relationship = relationship
    }

    /// How `spec`'s records can be written nested in their parent's imports, if they can: the
    /// type is not importable itself, its only dependency is one required parent in `scope`
    /// whose import takes the type nested, and new records may be created.
    static func find(for spec: ResourceSpec, in scope: Set<ResourceType>, catalog: ResourceCatalog) -> NestedWrite? {
        guard !spec.isWrittenByImport else { return nil }
        let dependencies = spec.relationships.filter(\.isDependency)
        guard dependencies.count == 1, let back = dependencies.first, back.isRequired, !back.isToMany,
            back.targets.count == 1, let parentType = back.targets.first, scope.contains(parentType),
            let parent = catalog[parentType], parent.isWrittenByImport
        else { return nil }
        guard
            let key = parent.nestedImportChildren.first(where: {
                parent.relationship($0)?.targets.contains(spec.type) ?? false
            })
        else { return nil }
        return NestedWrite(parentType: parentType, key: key, relationship: back.name)
    }
}
