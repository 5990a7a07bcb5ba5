import ResourceCatalog

/// The shape of the reads of one type: what to ask for so every parent's natural key arrives
/// with each record. Export jobs take only some includes (`forExportJob`); list reads take
/// it as it is.
package struct ExportShape: Sendable, Hashable {
    /// The plural type name (`resource_type`).
    package let resourceType: ResourceType
    /// `fields`: the type's own fields, then `<relation>.<field>` for parents' key fields
    /// (`<relation>.*` for parents identified by reference or fingerprint). Sorted.
    package let fields: [String]
    /// `includes`: the relationships (and, for parents whose key holds a parent, nested
    /// paths such as `price.sku`) to embed. Sorted; at most 3 levels deep.
    package let includes: [String]
    /// `filters` as the plan gives them (no `filter[q]` wrapper).
    package let filters: [String: JSONValue]

    package init(resourceType: ResourceType, fields: [String], includes: [String], filters: [String: JSONValue]) {
        self.resourceType = resourceType
        self.fields = fields
        self.includes = includes
        self.filters = filters
    }
}
