import ResourceCatalog
import Staging
import Yams

extension PlanReader {
    /// Reads `environment_values`: type → field → a value for the target, or a mapping of
    /// source values to target values.
    mutating func readEnvironmentValues(_ node: Node) -> [ResourceType: [String: EnvironmentValue]] {
        guard let mapping = expectMapping(node, "`environment_values`") else { return [:] }
        var result: [ResourceType: [String: EnvironmentValue]] = [:]
        for (typeNode, fieldsNode) in mapping {
            guard let name = readString(typeNode, "a resource type in `environment_values`") else { continue }
            guard let spec = catalog[ResourceType(name)], !spec.isAbstract else {
                report(typeNode, unknownTypeMessage(name) + " in `environment_values`")
                continue
            }
            guard let fields = expectMapping(fieldsNode, "`environment_values` of \(name)") else { continue }
            var values: [String: EnvironmentValue] = [:]
            for (fieldNode, valueNode) in fields {
                guard let field = readString(fieldNode, "a field in `environment_values`"),
                    checkEnvironmentField(field, of: spec, at: fieldNode),
                    let value = readEnvironmentValue(valueNode, field: field, type: spec.type)
                else { continue }
                if case .map = value, spec.attribute(field)?.isExportable == false {
                    report(
                        valueNode,
                        "\(spec.type).\(field) never leaves the source, so no source value can be mapped; "
                            + "give the target's one value")
                    continue
                }
                values[field] = value
            }
            result[spec.type] = values
        }
        return result
    }

    /// Checks that `field` is an environment-specific attribute clone copies, or a secret
    /// (a gateway key) the target needs and the source never reveals.
    private mutating func checkEnvironmentField(_ field: String, of spec: ResourceSpec, at node: Node) -> Bool {
        let secrets = Set(spec.secretAttributes.map(\.name))
        let known = spec.attributes.filter { $0.isEnvironmentSpecific || secrets.contains($0.name) }.map(\.name)
        if secrets.contains(field) { return true }
        guard let attribute = spec.attribute(field), attribute.isEnvironmentSpecific else {
            let listed = known.isEmpty ? "it has none" : "it has \(known.joined(separator: ", "))"
            report(
                node,
                "\"\(field)\" is not an environment-specific field of \(spec.type) (\(listed)); "
                    + "change other fields with `transforms`")
            return false
        }
        guard attribute.isCreatable, attribute.isExportable else {
            report(
                node,
                "\"\(field)\" of \(spec.type) is never copied (exports leave it out or the target cannot set it); "
                    + "enter it in the target by hand")
            return false
        }
        return true
    }

    private mutating func readEnvironmentValue(_ node: Node, field: String, type: ResourceType) -> EnvironmentValue? {
        switch node {
        case .scalar where node.tagName == .null:
            report(
                node,
                "`environment_values` of \(type).\(field) needs a value, or a mapping of source values to target values"
            )
            return nil
        case .scalar:
            return .value(jsonValue(node))
        case .mapping(let table):
            var values: [String: JSONValue] = [:]
            for (keyNode, valueNode) in table {
                guard let from = readString(keyNode, "a source value of \(type).\(field)") else { continue }
                guard case .scalar = valueNode, valueNode.tagName != .null else {
                    report(valueNode, "the target value for \"\(from)\" of \(type).\(field) must be a single value")
                    continue
                }
                values[from] = jsonValue(valueNode)
            }
            if values.isEmpty {
                report(node, "`environment_values` of \(type).\(field) maps no value; give at least one")
                return nil
            }
            return .map(values)
        default:
            report(
                node,
                "`environment_values` of \(type).\(field) must be a value, or a mapping of source values to target values"
            )
            return nil
        }
    }

    /// A field both `environment_values` and a type's `transforms` write is a contradiction.
    mutating func checkEnvironmentValuesAgainstTransforms(_ plan: Plan, at node: Node) {
        for selection in plan.resources {
            for type in selection.types(in: catalog) {
                guard let values = plan.environmentValues[type] else { continue }
                for transform in selection.transforms where values[transform.field] != nil {
                    issues.append(
                        PlanIssue(
                            selection.location,
                            "contradictory options: the transforms of \"\(selection.name)\" and `environment_values` "
                                + "at \(location(node)) both set \(type).\(transform.field); keep one"))
                }
            }
        }
    }
}
