import Testing

@testable import ResourceCatalog

/// The catalog against the schema: every polymorphic relationship of a cloned type points at
/// every concrete kind the schema lists, or the kind is a documented exclusion.
@Suite("Schema polymorphism cross-check")
struct SchemaPolymorphismTests {
    let catalog = ResourceCatalog.commerceLayer

    @Test("every polymorphic relationship covers the schema's kinds, or names why not")
    func noDisagreements() {
        #expect(!SchemaPolymorphism.relationships.isEmpty)
        for relationship in SchemaPolymorphism.relationships {
            let missing = SchemaPolymorphism.disagreements(relationship, catalog: catalog)
            #expect(
                missing.isEmpty,
                "\(relationship.type).\(relationship.relationship) (\(relationship.abstractClass)) leaves out \(missing)"
            )
            let targets = catalog[relationship.type]?.relationship(relationship.relationship)?.targets ?? []
            let unknown = targets.filter { !relationship.schemaKinds.contains($0) }
            #expect(unknown.isEmpty, "\(relationship.type).\(relationship.relationship) points at \(unknown)")
        }
    }

    @Test("gateways and price tiers: every kind cloned, none excluded")
    func gatewaysAndTiersComplete() throws {
        let expected: [String: Int] = ["payment_gateway": 10, "price_tiers": 2]
        for (name, count) in expected {
            let relationship = try #require(SchemaPolymorphism.relationships.first { $0.relationship == name })
            #expect(relationship.schemaKinds.count == count)
            #expect(relationship.schemaKinds.allSatisfy { SchemaPolymorphism.excludedKinds[$0] == nil })
            let targets = catalog[relationship.type]?.relationship(name)?.targets ?? []
            #expect(Set(targets) == Set(relationship.schemaKinds))
        }
        let gateways = try #require(catalog["payment_gateways"])
        #expect(gateways.subtypes.count == 10)
    }

    @Test("every exclusion is one the schema lists and the catalog does not clone")
    func exclusionsAreReal() {
        let listed = Set(SchemaPolymorphism.relationships.flatMap(\.schemaKinds))
        for (kind, reason) in SchemaPolymorphism.excludedKinds {
            #expect(listed.contains(kind), "\(kind) is excluded but no relationship lists it")
            #expect(catalog[kind] == nil, "\(kind) is excluded but cloned")
            #expect(!reason.isEmpty)
        }
    }

    @Test("gateway keys the API never returns are write-only and never exported")
    func writeOnlyKeys() throws {
        let stripe = try #require(catalog["stripe_gateways"])
        for name in ["login", "publishable_key"] {
            let attribute = try #require(stripe.attribute(name))
            #expect(attribute.isWriteOnly && !attribute.isExportable && attribute.isCreatable)
        }
        #expect(stripe.attribute("login")?.isRequired == true)
        #expect(stripe.attribute("connected_account")?.isWriteOnly == false)
    }
}
