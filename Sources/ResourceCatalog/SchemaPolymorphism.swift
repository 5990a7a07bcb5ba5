/// What Commerce Layer's schema says of the polymorphic relationships of the cloned types,
/// carried from the schema by `generate_catalog.py`: the concrete kinds each may point at, and
/// the kinds layerclone leaves out on purpose.
package enum SchemaPolymorphism {
    /// One polymorphic relationship of a cloned type.
    package struct Relationship: Sendable, Hashable {
        /// The type that holds the relationship (`payment_methods`).
        package let type: ResourceType
        /// The relationship name (`payment_gateway`).
        package let relationship: String
        /// The schema's abstract class (`PaymentGateway`).
        package let abstractClass: String
        /// Every concrete kind the schema lists for the class (`stripe_gateways`, …).
        package let schemaKinds: [ResourceType]
    }

    /// The polymorphic relationships of the cloned types, as the schema states them.
    package static var relationships: [Relationship] { GeneratedCatalog.polymorphicRelationships }

    /// Concrete kinds layerclone does not clone, with the reason (tax service accounts,
    /// promotion kinds not cloned yet).
    package static var excludedKinds: [ResourceType: String] { GeneratedCatalog.excludedKinds }

    /// The kinds of `relationship` that neither the catalog's targets nor the documented
    /// exclusions cover (empty when the catalog agrees with the schema).
    package static func disagreements(_ relationship: Relationship, catalog: ResourceCatalog) -> [ResourceType] {
        let targets = Set(catalog[relationship.type]?.relationship(relationship.relationship)?.targets ?? [])
        return relationship.schemaKinds.filter { !targets.contains($0) && excludedKinds[$0] == nil }
    }
}
