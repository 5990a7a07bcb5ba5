/// How Commerce Layer's import API finds the record an input updates: by `id`, else by the
/// type's documented unique key (Commerce Layer's import documentation). There is no match by
/// `reference`; an input of a type without a documented key always creates a record.
package enum ImportUpsertKey {
    /// The documented unique keys, by type: attributes, and parents by their id (`sku_code`
    /// stands for the `sku` parent).
    package static let documented: [ResourceType: [IdentityComponent]] = [
        "skus": [.attribute("code")],
        "prices": [.parent(relationship: "price_list"), .parent(relationship: "sku")],
        "stock_items": [.parent(relationship: "stock_location"), .parent(relationship: "sku")],
        "coupons": [.attribute("code"), .parent(relationship: "promotion_rule")],
        "customers": [.attribute("email")],
        "gift_cards": [.attribute("code")],
        "tax_categories": [.attribute("code"), .parent(relationship: "tax_calculator")],
        "orders": [.attribute("number")],
        "customer_subscriptions": [.parent(relationship: "customer"), .attribute("reference")],
    ]

    /// Whether an import of `spec` can merge two records that layerclone tells apart: its
    /// documented key leaves out part of the natural key, so records that share the key but
    /// differ in identity would update each other instead of being created (tax categories:
    /// matched by code and tax calculator, while several skus share one tax code). Such types
    /// are written over REST.
    package static func mergesDistinctRecords(_ spec: ResourceSpec) -> Bool {
        guard let key = documented[spec.type] else { return false }
        return !spec.identity.naturalKey.allSatisfy(key.contains)
    }
}

extension ResourceSpec {
    /// Whether layerclone writes this type with import jobs: the import API takes it and
    /// cannot merge records layerclone tells apart (`ImportUpsertKey.mergesDistinctRecords`).
    /// Other types are written record by record over REST.
    package var isWrittenByImport: Bool { isImportable && !ImportUpsertKey.mergesDistinctRecords(self) }
}
