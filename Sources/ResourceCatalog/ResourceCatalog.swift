/// The set of resource types layerclone and the sandbox know, looked up by name.
package struct ResourceCatalog: Sendable {
    /// Every type, in the order the catalog lists them (alphabetical).
    package let specs: [ResourceSpec]
    private let index: [ResourceType: Int]

    package init(specs: [ResourceSpec]) {
        self.specs = specs
        var index: [ResourceType: Int] = [:]
        for (offset, spec) in specs.enumerated() { index[spec.type] = offset }
        self.index = index
    }

    /// The spec of a type, or nil when the catalog does not describe it.
    package subscript(type: ResourceType) -> ResourceSpec? {
        index[type].map { specs[$0] }
    }

    /// The spec of a type the caller knows is in the catalog.
    ///
    /// - Precondition: `contains(type)`.
    package func spec(_ type: ResourceType) -> ResourceSpec {
        guard let offset = index[type] else {
            preconditionFailure("resource type \(type) is not in the catalog")
        }
        return specs[offset]
    }

    /// Whether the catalog describes this type.
    package func contains(_ type: ResourceType) -> Bool { index[type] != nil }

    /// All type names.
    package var types: [ResourceType] { specs.map(\.type) }

    /// Concrete types: those that hold records (not abstract ones such as `payment_gateways`).
    package var concreteTypes: [ResourceType] { specs.filter { !$0.isAbstract }.map(\.type) }

    /// The abstract type a polymorphic relationship is written with (`payment_gateways` for a
    /// payment method's gateway, whatever its kind): the abstract type whose subtypes hold
    /// every target. Nil when the relationship names its concrete types (a tax calculator).
    package func abstractType(of relationship: RelationshipSpec) -> ResourceType? {
        guard relationship.targets.count > 1 else { return nil }
        return specs.first { $0.isAbstract && Set($0.subtypes).isSuperset(of: relationship.targets) }?.type
    }

    /// The type whose singular name is this (`price_list` → `price_lists`).
    package func type(singular: String) -> ResourceType? {
        specs.first { $0.singular == singular }?.type
    }

    /// The catalog of Commerce Layer resources that layerclone clones, generated from
    /// Commerce Layer's own schema.
    package static let commerceLayer = ResourceCatalog(specs: GeneratedCatalog.specs)
}
