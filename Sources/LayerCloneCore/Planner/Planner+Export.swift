import ResourceCatalog
import Staging

extension Planner {
    /// The deepest include path the export API accepts.
    static let maxIncludeDepth = 3

    /// The export shape of a type: its clonable fields, identity fields and code-style
    /// attributes, `disabled_at` for a type with the enabled/disabled state, the source fields transforms read, and for every parent relationship
    /// an include with the parent's key fields.
    func exportRequest(
        for spec: ResourceSpec, identity: [IdentityComponent], transforms: [Transform], filters: [String: JSONValue]
    ) -> ExportShape {
        var fields = Set(spec.clonableAttributes.map(\.name))
        fields.insert("id")
        // The enabled/disabled state: read-only, cloned through the `_disable` trigger.
        if spec.hasEnabledState { fields.insert(ResourceSpec.disabledAt) }
        for component in identity {
            if case .attribute(let name) = component { fields.insert(name) }
        }
        for reference in spec.codeReferences where spec.attribute(reference.attribute)?.isExportable == true {
            fields.insert(reference.attribute)
        }
        for transform in transforms {
            if case .rename(let from, _) = transform { fields.insert(from) }
        }
        if fields.contains(where: { $0.hasPrefix("metadata.") }) { fields.insert("metadata") }
        var includes: Set<String> = []
        for relationship in spec.relationships where relationship.isDependency {
            addKeyFields(
                of: concrete(relationship.targets), path: relationship.name, depth: 1,
                fields: &fields, includes: &includes)
        }
        return ExportShape(
            resourceType: spec.type, fields: fields.sorted(), includes: includes.sorted(), filters: filters)
    }

    /// Adds `path` to the includes and the key fields of its target types to the fields,
    /// following parents that are part of a key (a price volume tier's price is keyed by its
    /// price list and sku).
    private func addKeyFields(
        of targets: [ResourceType], path: String, depth: Int, fields: inout Set<String>, includes: inout Set<String>
    ) {
        includes.insert(path)
        for target in targets {
            guard let spec = catalog[target] else { continue }
            let key = spec.identity.naturalKey
            guard !key.isEmpty, depth < Self.maxIncludeDepth || key.allSatisfy(\.isAttribute) else {
                fields.insert("\(path).*")
                continue
            }
            fields.insert("\(path).reference")
            for component in key {
                switch component {
                case .attribute(let name):
                    fields.insert("\(path).\(name)")
                case .parent(let relationship):
                    let nested = spec.relationship(relationship).map { concrete($0.targets) } ?? []
                    addKeyFields(
                        of: nested, path: "\(path).\(relationship)", depth: depth + 1, fields: &fields,
                        includes: &includes)
                }
            }
        }
    }
}

extension IdentityComponent {
    /// Whether the component is an attribute of the record itself.
    var isAttribute: Bool { if case .attribute = self { true } else { false } }
}
