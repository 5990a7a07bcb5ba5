import ResourceCatalog

extension PlanRenderer {
    /// Graphviz DOT: one node per type (boxes for imports, ellipses for REST), an edge from
    /// each child to its parent; optional edges dashed, deferred ones red.
    package func dot() -> String {
        var lines = ["digraph plan {", "  rankdir=BT;", "  node [fontname=\"Helvetica\"];"]
        for layer in 0..<plan.layerCount {
            let types = plan.steps.filter { $0.layer == layer }
            lines.append("  { rank=same;")
            for step in types {
                let shape = step.method == .import ? "box" : "ellipse"
                let records = counts?[step.type].map { "\\n\($0) records" } ?? ""
                lines.append(
                    "    \"\(step.type)\" [shape=\(shape), label=\"\(step.type)\\n\(step.method.rawValue)\(records)\"];"
                )
            }
            lines.append("  }")
        }
        for edge in plan.edges {
            var attributes = ["label=\"\(edge.relationship)\""]
            if !edge.isRequired { attributes.append("style=dashed") }
            if isDeferred(edge) { attributes.append("color=red, fontcolor=red") }
            lines.append("  \"\(edge.from)\" -> \"\(edge.to)\" [\(attributes.joined(separator: ", "))];")
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    /// A Mermaid flowchart: children point at their parents; optional edges dotted, deferred
    /// ones labelled "deferred".
    package func mermaid() -> String {
        var lines = ["flowchart BT"]
        for step in plan.steps {
            let shape = step.method == .import ? ("[", "]") : ("([", "])")
            lines.append("  \(step.type)\(shape.0)\"\(step.type) · \(step.method.rawValue)\"\(shape.1)")
        }
        for edge in plan.edges {
            let label = isDeferred(edge) ? "\(edge.relationship) (deferred)" : edge.relationship
            let arrow = edge.isRequired ? "-->" : "-.->"
            lines.append("  \(edge.from) \(arrow)|\(label)| \(edge.to)")
        }
        return lines.joined(separator: "\n")
    }

    private func isDeferred(_ edge: DependencyEdge) -> Bool {
        plan.deferred.contains { $0.type == edge.from && $0.relationship == edge.relationship && $0.target == edge.to }
    }
}
