import Foundation
import ResourceCatalog

/// A Commerce Layer newer than layerclone's catalog: the same types with attributes the
/// catalog does not know (`sandbox serve --extra-attributes skus.color`), so a clone meets
/// them the way it would after an API release.
package struct NewerSchema: Sendable, Equatable {
    /// Attribute names by type.
    package let extraAttributes: [ResourceType: [String]]

    package init(extraAttributes: [ResourceType: [String]]) {
        self.extraAttributes = extraAttributes
    }

    /// Parses `TYPE.NAME[,TYPE.NAME…]`; the type must be in `catalog`, the name new to it.
    /// - Throws: a message naming the entry that is not one.
    package static func parse(_ text: String, catalog: ResourceCatalog = .commerceLayer) throws(NewerSchemaError)
        -> NewerSchema
    {
        var extra: [ResourceType: [String]] = [:]
        for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            let parts = entry.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, !parts[1].isEmpty else {
                throw NewerSchemaError(entry: entry, problem: "is not TYPE.NAME")
            }
            let type = ResourceType(parts[0])
            guard let spec = catalog[type] else {
                throw NewerSchemaError(entry: entry, problem: "names no type of the catalog")
            }
            guard spec.attribute(parts[1]) == nil else {
                throw NewerSchemaError(entry: entry, problem: "is an attribute the catalog knows already")
            }
            extra[type, default: []].append(parts[1])
        }
        return NewerSchema(extraAttributes: extra)
    }

    /// `catalog` with the extra attributes added to their types.
    package func applied(to catalog: ResourceCatalog) -> ResourceCatalog {
        guard !extraAttributes.isEmpty else { return catalog }
        return ResourceCatalog(
            specs: catalog.specs.map { spec in
                guard let names = extraAttributes[spec.type] else { return spec }
                let added = names.map {
                    AttributeSpec($0, .string, .optional, [.creatable, .updatable, .filterable, .exportable])
                }
                return ResourceSpec(
                    type: spec.type, singular: spec.singular, attributes: spec.attributes + added,
                    relationships: spec.relationships, identity: spec.identity, isImportable: spec.isImportable,
                    importParent: spec.importParent, codeReferences: spec.codeReferences,
                    nestedImportChildren: spec.nestedImportChildren, isCacheable: spec.isCacheable,
                    isLegacyExportable: spec.isLegacyExportable, subtypes: spec.subtypes,
                    hasEnabledState: spec.hasEnabledState)
            })
    }
}

/// An `--extra-attributes` entry that is not one.
package struct NewerSchemaError: Error, CustomStringConvertible {
    let entry: String
    let problem: String

    package var description: String {
        "\"\(entry)\" \(problem); give TYPE.NAME pairs separated by commas, e.g. skus.color"
    }
}
