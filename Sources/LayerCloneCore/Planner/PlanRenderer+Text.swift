import ResourceCatalog

extension PlanRenderer {
    /// A table of steps in execution order, each followed by why it is in scope and how its
    /// parents are resolved; then deferred patches, types looked up in the target, and the
    /// estimate when counts are known.
    package func text() -> String {
        let costs = Dictionary(uniqueKeysWithValues: (estimate?.steps ?? []).map { ($0.type, $0) })
        let width = max(4, plan.steps.map(\.type.rawValue.count).max() ?? 0)
        var lines = ["Plan \(plan.file): \(plan.steps.count) types in \(plan.layerCount) layers"]
        if plan.source != nil || plan.target != nil {
            lines.append("source: \(plan.source ?? "-")  target: \(plan.target ?? "-")")
        }
        lines.append("")
        lines.append(
            "layer  \(pad("type", width))  method  records  identity")
        for step in plan.steps {
            let records = counts?[step.type].map(String.init) ?? "-"
            var line =
                "\(pad(String(step.layer), 5))  \(pad(step.type.rawValue, width))  \(pad(step.method.rawValue, 6))"
            line += "  \(pad(records, 7, right: true))  \(step.identityNames.joined(separator: " + "))"
            if step.identityOverridden { line += " (plan)" }
            if step.write != .upsert { line += "  write: \(step.write.rawValue)" }
            lines.append(line)
            let indent = String(repeating: " ", count: 9)
            if let cost = costs[step.type] {
                var work = ["\(cost.exportJobs) export jobs"]
                work.append(step.method == .import ? "\(cost.importJobs) import jobs" : "\(cost.restCalls) REST calls")
                work.append("\(cost.lookups) lookups")
                if cost.patchCalls > 0 { work.append("\(cost.patchCalls) patch calls") }
                lines.append(indent + work.joined(separator: ", "))
            }
            if step.reasons.allSatisfy(\.isClosure) {
                lines.append(indent + "pulled in: " + step.reasons.map(\.description).joined(separator: "; "))
            }
            let references = step.references.map { "\($0.relationship) (\(describe($0)))" }
            if !references.isEmpty { lines.append(indent + "parents: " + references.joined(separator: ", ")) }
            if let parent = step.importParent { lines.append(indent + "import parent: \(parent) (parent_resource_id)") }
            if let nested = step.nestedIn {
                lines.append(indent + "new records nested in \(nested.parentType) imports (\(nested.key))")
            }
            if !step.export.filters.isEmpty {
                let filters = step.export.filters.sorted { $0.key < $1.key }.map {
                    "\($0.key)=\($0.value.canonicalJSON)"
                }
                lines.append(indent + "filters: " + filters.joined(separator: ", "))
            }
            if !step.transforms.isEmpty {
                lines.append(
                    indent + "transforms: "
                        + step.transforms.map { Self.json(transform: $0).canonicalJSON }.joined(separator: ", "))
            }
            if !step.withheldFields.isEmpty {
                lines.append(
                    indent + "withheld (environment-specific, enter by hand): "
                        + step.withheldFields.keys.sorted().joined(separator: ", "))
            }
            if step.missingReferences != .fail {
                lines.append(indent + "missing references: \(step.missingReferences.rawValue)")
            }
        }
        if !plan.deferred.isEmpty {
            lines.append("")
            lines.append("Deferred patches (after every step, once both sides exist):")
            for patch in plan.deferred {
                lines.append("  \(patch.type).\(patch.relationship) → \(patch.target)")
            }
        }
        if !plan.lookedUpTypes.isEmpty {
            lines.append("")
            lines.append(
                "Looked up in the target (not cloned): \(plan.lookedUpTypes.map(\.rawValue).joined(separator: ", "))")
        }
        lines.append("")
        if let estimate {
            lines.append(
                "Estimate: \(estimate.sourceRequests.total) requests on the source, "
                    + "\(estimate.targetRequests.total) on the target; at least \(duration(estimate.minimumSeconds)) "
                    + "(source \(duration(estimate.sourceSeconds)), target \(duration(estimate.targetSeconds)))")
        } else {
            lines.append("Offline: no record counts, so no estimate. Run without --offline to count on the source.")
        }
        return lines.joined(separator: "\n")
    }

    private func describe(_ reference: ParentReference) -> String {
        let kind = reference.isRequired ? "required" : "optional"
        switch reference.resolution {
        case .codeAttribute(let attribute): return "\(kind), by \(attribute)"
        case .mappedID:
            return reference.carriedByImport ? "\(kind), mapped ids carried by the import" : "\(kind), by mapped id"
        case .deferred: return "\(kind), deferred patch"
        case .lookupInTarget: return "\(kind), looked up in target"
        }
    }

    private func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - text.count))
        return right ? padding + text : text + padding
    }

    private func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded(.up))
        return total >= 60 ? "\(total / 60) min \(total % 60) s" : "\(total) s"
    }
}
