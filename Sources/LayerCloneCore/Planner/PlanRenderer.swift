import Foundation
import ResourceCatalog
import Staging

/// Renders an execution plan, with its counts and estimate when known.
package struct PlanRenderer: Sendable {
    package let plan: ExecutionPlan
    /// Records per type on the source; nil offline.
    package let counts: [ResourceType: Int]?
    /// The cost estimate; nil offline.
    package let estimate: CostEstimate?

    package init(plan: ExecutionPlan, counts: [ResourceType: Int]? = nil, estimate: CostEstimate? = nil) {
        self.plan = plan
        self.counts = counts
        self.estimate = estimate
    }

    /// The plan in `format`, ending without a newline.
    package func render(_ format: PlanOutputFormat) -> String {
        switch format {
        case .text: text()
        case .json: json()
        case .dot: dot()
        case .mermaid: mermaid()
        }
    }

    /// Pretty JSON with sorted keys; steps in execution order.
    package func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(jsonValue())) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// The JSON document as a value.
    package func jsonValue() -> JSONValue {
        let costs = Dictionary(uniqueKeysWithValues: (estimate?.steps ?? []).map { ($0.type, $0) })
        let steps: [JSONValue] = plan.steps.map { step in
            var object: [String: JSONValue] = [
                "type": .string(step.type.rawValue),
                "method": .string(step.method.rawValue),
                "layer": .int(Int64(step.layer)),
                "records": counts?[step.type].map { .int(Int64($0)) } ?? .null,
                "reasons": .array(step.reasons.map { .string($0.description) }),
                "identity": .array(step.identityNames.map { .string($0) }),
                "identity_overridden": .bool(step.identityOverridden),
                "write": .string(step.write.rawValue),
                "missing_references": .string(step.missingReferences.rawValue),
                "import_parent": step.importParent.map { .string($0) } ?? .null,
                "nested_in": step.nestedIn.map { ["type": .string($0.parentType.rawValue), "key": .string($0.key)] }
                    ?? .null,
                "code_references": .array(step.codeReferences.map { .string($0) }),
                "references": .array(step.references.map(Self.json(reference:))),
                "export": .object([
                    "fields": .array(step.export.fields.map { .string($0) }),
                    "includes": .array(step.export.includes.map { .string($0) }),
                    "filters": .object(step.export.filters),
                    "legacy_exportable": .bool(step.isLegacyExportable),
                ]),
                "transforms": .array(step.transforms.map(Self.json(transform:))),
            ]
            if !step.withheldFields.isEmpty {
                object["withheld_fields"] = .array(step.withheldFields.keys.sorted().map { .string($0) })
            }
            if let cost = costs[step.type] {
                object["export_jobs"] = .int(Int64(cost.exportJobs))
                object["import_jobs"] = .int(Int64(cost.importJobs))
                object["rest_calls"] = .int(Int64(cost.restCalls))
                object["lookups"] = .int(Int64(cost.lookups))
                object["patch_calls"] = .int(Int64(cost.patchCalls))
            }
            return .object(object)
        }
        let limits = plan.limits
        return .object([
            "plan": .string(plan.file),
            "source": plan.source.map { .string($0) } ?? .null,
            "target": plan.target.map { .string($0) } ?? .null,
            "limits": .object([
                "export_chunk": .int(Int64(limits.exportChunk)),
                "import_chunk": .int(Int64(limits.importChunk)),
                "jobs_in_flight": .int(Int64(limits.jobsInFlight)),
            ]),
            "steps": .array(steps),
            "deferred": .array(
                plan.deferred.map {
                    .object([
                        "type": .string($0.type.rawValue), "relationship": .string($0.relationship),
                        "target": .string($0.target.rawValue),
                    ])
                }),
            "looked_up_in_target": .array(plan.lookedUpTypes.map { .string($0.rawValue) }),
            "estimate": estimate.map(Self.json(estimate:)) ?? .null,
        ])
    }

    private static func json(reference: ParentReference) -> JSONValue {
        .object([
            "relationship": .string(reference.relationship),
            "targets": .array(reference.targets.map { .string($0.rawValue) }),
            "required": .bool(reference.isRequired),
            "to_many": .bool(reference.isToMany),
            "resolution": .string(reference.resolutionName),
        ])
    }

    /// A transform as the plan file writes it (`{"mask":{"field":"email","kind":"email"}}`).
    package static func json(transform: Transform) -> JSONValue {
        switch transform {
        case .set(let field, let value): .object(["set": .object(["field": .string(field), "value": value])])
        case .drop(let field): .object(["drop": .object(["field": .string(field)])])
        case .rename(let from, let to): .object(["rename": .object(["from": .string(from), "to": .string(to)])])
        case .map(let field, let values):
            .object(["map": .object(["field": .string(field), "values": .object(values)])])
        case .mask(let field, let kind):
            .object(["mask": .object(["field": .string(field), "kind": .string(kind.rawValue)])])
        }
    }

    private static func json(estimate: CostEstimate) -> JSONValue {
        func requests(_ count: RequestCount) -> JSONValue {
            .object([
                "cacheable": .int(Int64(count.cacheable)), "other": .int(Int64(count.other)),
                "total": .int(Int64(count.total)),
            ])
        }
        return .object([
            "source_requests": requests(estimate.sourceRequests),
            "target_requests": requests(estimate.targetRequests),
            "minimum_seconds": .double((estimate.minimumSeconds * 10).rounded() / 10),
            "source_seconds": .double((estimate.sourceSeconds * 10).rounded() / 10),
            "target_seconds": .double((estimate.targetSeconds * 10).rounded() / 10),
        ])
    }
}
