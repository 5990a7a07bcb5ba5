import CommerceLayerAPI
import ResourceCatalog

/// Turns JSON:API resources read page by page into export-shaped records: attributes at the
/// top, each included parent embedded as a nested object under its relationship name (an
/// array of them for a to-many relationship such as `tags`), and its own included parents
/// under it, for paths such as `price.sku`.
enum PageNesting {
    /// The export-shaped record of `resource`.
    /// - Parameters:
    /// Records keep their `id` (the target's feed the id map, the source's find parents by
    /// `<relation>_id`), and each included to-one parent its `<relation>_id` key.
    /// - Parameter paths: include paths (`price_list`, `price.sku`).
    static func record(_ resource: Resource, included: [Resource], paths: [String]) -> JSONValue {
        let index = Dictionary(included.map { ($0.identifier, $0) }, uniquingKeysWith: { first, _ in first })
        return .object(
            nest(resource, index: index, paths: paths.map { $0.split(separator: ".").map(String.init) })
        )
    }

    private static func nest(
        _ resource: Resource, index: [ResourceIdentifier: Resource], paths: [[String]]
    ) -> [String: JSONValue] {
        var object = resource.attributes
        object["id"] = .string(resource.id)
        let byFirst = Dictionary(grouping: paths.filter { !$0.isEmpty }, by: { $0[0] })
        for (relationship, group) in byFirst {
            let rest = group.map { Array($0.dropFirst()) }
            switch resource.relationships[relationship] {
            case .toOne(let identifier?)?:
                object["\(relationship)_id"] = .string(identifier.id)
                guard let parent = index[identifier] else { continue }
                object[relationship] = .object(nest(parent, index: index, paths: rest))
            case .toMany(let identifiers)?:
                object[relationship] = .array(
                    identifiers.compactMap { index[$0] }.map {
                        .object(nest($0, index: index, paths: rest))
                    })
            default:
                continue
            }
        }
        return object
    }
}
