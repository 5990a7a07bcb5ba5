import ResourceCatalog

extension ExportShape {
    /// The read of a type a plan references but does not clone (`ExecutionPlan.lookedUpTypes`):
    /// every field, and the includes that carry the parents its identity is made of, so its
    /// records can be found by identity on either side.
    package static func lookup(of type: ResourceType, catalog: ResourceCatalog) -> ExportShape {
        let includes =
            catalog[type]?.identity.naturalKey.compactMap { component -> String? in
                if case .parent(let relationship) = component { return relationship }
                return nil
            } ?? []
        return ExportShape(resourceType: type, fields: [], includes: includes, filters: [:])
    }
}
