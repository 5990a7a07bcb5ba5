import ResourceCatalog

/// A relationship left out of the first write of its type and set afterwards with one PATCH
/// per record, once both sides exist in the target.
package struct DeferredPatch: Sendable, Hashable {
    /// The type holding the relationship (`markets`).
    package let type: ResourceType
    /// The relationship (`default_shipping_method`).
    package let relationship: String
    /// The type it points at (`shipping_methods`).
    package let target: ResourceType

    package init(type: ResourceType, relationship: String, target: ResourceType) {
        self.type = type
        self.relationship = relationship
        self.target = target
    }
}

/// The ordered, explained work of a clone, before anything is written.
///
/// The clone job runs `steps` respecting `layer` (a step may start once every step of earlier
/// layers that it references has landed), then applies `deferred` patches. Produced by
/// `Planner.plan(_:)`; rendered by `PlanRenderer`; costed by `CostModel`.
package struct ExecutionPlan: Sendable, Hashable {
    /// The plan file.
    package let file: String
    /// Profile names from the plan (the command's options override them).
    package let source: String?
    package let target: String?
    /// One step per concrete type in scope, in execution order (layer, then type name).
    package let steps: [ExecutionStep]
    /// Patches applied after all steps, in order.
    package let deferred: [DeferredPatch]
    /// Types referenced by steps but not in scope (`include_parents: false`, or optional
    /// parents not asked for): their records are looked up in the target.
    package let lookedUpTypes: [ResourceType]
    /// Dependency edges between types in scope (for drawing the graph), sorted.
    package let edges: [DependencyEdge]
    /// Chunk sizes and job caps.
    package let limits: PlanLimits

    package init(
        file: String, source: String?, target: String?, steps: [ExecutionStep], deferred: [DeferredPatch],
        lookedUpTypes: [ResourceType], edges: [DependencyEdge], limits: PlanLimits
    ) {
        self.file = file
        self.source = source
        self.target = target
        self.steps = steps
        self.deferred = deferred
        self.lookedUpTypes = lookedUpTypes
        self.edges = edges
        self.limits = limits
    }

    /// The step of a type, if it is in scope.
    package func step(_ type: ResourceType) -> ExecutionStep? { steps.first { $0.type == type } }

    /// The steps whose new records ride nested in `type`'s imports (a price's tiers).
    package func nestedChildren(of type: ResourceType) -> [ExecutionStep] {
        steps.filter { $0.nestedIn?.parentType == type }
    }

    /// The types of the plan other types wait for before they write: named by a reference that
    /// is not deferred, from a type not nested in their imports (nested children ride along).
    /// Their imports are spread over the job slots (`PlanLimits.spreadImportChunk`).
    package var waitedFor: Set<ResourceType> {
        var types: Set<ResourceType> = []
        for step in steps {
            for reference in step.references where reference.resolution != .deferred {
                types.formUnion(reference.targets.filter { $0 != step.type && $0 != step.nestedIn?.parentType })
            }
        }
        return types.intersection(steps.map(\.type))
    }

    /// The number of layers.
    package var layerCount: Int { (steps.map(\.layer).max() ?? -1) + 1 }
}
