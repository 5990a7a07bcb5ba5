import ResourceCatalog
import Staging

/// Why a valid plan cannot be ordered.
package enum PlannerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Required relationships between types in scope form a cycle no deferral can break.
    case requiredCycle(RequiredCycleError, file: String)

    package var description: String {
        switch self {
        case .requiredCycle(let cycle, let file):
            "\(file): cannot order the plan: \(cycle.description); leave one of these types out of the plan"
        }
    }
}

/// Turns a validated `Plan` into an `ExecutionPlan`: scope closure, dependency order,
/// deferred patches, and per type the method, identity, references and export shape.
package struct Planner: Sendable {
    package let catalog: ResourceCatalog

    package init(catalog: ResourceCatalog = .commerceLayer) { self.catalog = catalog }

    /// Options for one type, merged from the plan's entries (a type's own entry wins over a
    /// preset's).
    struct TypeOptions {
        var reasons: [ScopeReason] = []
        var selection: ResourceSelection?
        var fromTypeEntry = false
    }

    /// Plans the work.
    /// - Throws: `PlannerError.requiredCycle` naming the types when required relationships
    ///   form a cycle.
    package func plan(_ plan: Plan) throws(PlannerError) -> ExecutionPlan {
        var options = listedTypes(plan)
        close(&options, plan: plan)
        let scope = Set(options.keys)
        let graph = DependencyGraph(catalog: catalog, types: scope)
        let order: DependencyOrder
        do {
            order = try graph.order()
        } catch {
            throw .requiredCycle(error, file: plan.file)
        }
        let deferredEdges = Set(order.deferred.map { EdgeKey(type: $0.from, relationship: $0.relationship) })
        let layerOf = order.layerOf
        var lookedUp: Set<ResourceType> = []
        let steps = order.types.map { type in
            let step = makeStep(
                type, layer: layerOf[type]!, options: options[type]!, plan: plan, scope: scope, deferred: deferredEdges)
            for reference in step.references where reference.resolution == .lookupInTarget {
                lookedUp.formUnion(reference.targets)
            }
            return step
        }
        return ExecutionPlan(
            file: plan.file, source: plan.source, target: plan.target, steps: steps,
            deferred: order.deferred.map { DeferredPatch(type: $0.from, relationship: $0.relationship, target: $0.to) },
            lookedUpTypes: lookedUp.sorted(), edges: graph.edges, limits: plan.limits)
    }

    struct EdgeKey: Hashable {
        let type: ResourceType
        let relationship: String
    }

    /// The types named in `resources`, abstract ones replaced by their subtypes.
    private func listedTypes(_ plan: Plan) -> [ResourceType: TypeOptions] {
        var options: [ResourceType: TypeOptions] = [:]
        for selection in plan.resources {
            let isTypeEntry = if case .type = selection.subject { true } else { false }
            for type in selection.types(in: catalog) {
                var entry = options[type] ?? TypeOptions()
                let named = ResourceType(selection.name)
                entry.reasons.append(
                    named != type && isTypeEntry
                        ? .subtype(of: named, entry: selection.name) : .listed(entry: selection.name))
                if isTypeEntry || !entry.fromTypeEntry, entry.selection == nil || isTypeEntry {
                    entry.selection = selection
                    entry.fromTypeEntry = isTypeEntry
                }
                options[type] = entry
            }
        }
        return options
    }

    /// Pulls required parents (and optional parents the plan names) into scope.
    private func close(_ options: inout [ResourceType: TypeOptions], plan: Plan) {
        var queue = options.keys.sorted()
        var index = 0
        while index < queue.count {
            let type = queue[index]
            index += 1
            guard let spec = catalog[type] else { continue }
            let asked = Set(options[type]?.selection?.optionalParents ?? [])
            for relationship in spec.parentRelationships {
                let reason: ScopeReason
                if relationship.isRequired, plan.includeParents {
                    reason = .requiredParent(of: type, relationship: relationship.name)
                } else if asked.contains(relationship.name) {
                    reason = .optionalParent(of: type, relationship: relationship.name)
                } else {
                    continue
                }
                for target in concrete(relationship.targets) where target != type {
                    if options[target] == nil {
                        options[target] = TypeOptions()
                        queue.append(target)
                    }
                    if options[target]!.reasons.allSatisfy(\.isClosure) {
                        options[target]!.reasons.append(reason)
                    }
                }
            }
        }
    }

    /// Targets with abstract types replaced by their concrete subtypes.
    func concrete(_ targets: [ResourceType]) -> [ResourceType] {
        targets.flatMap { target in
            guard let spec = catalog[target], spec.isAbstract else { return [target] }
            return spec.subtypes
        }
    }

    private func makeStep(
        _ type: ResourceType, layer: Int, options: TypeOptions, plan: Plan, scope: Set<ResourceType>,
        deferred: Set<EdgeKey>
    ) -> ExecutionStep {
        let spec = catalog.spec(type)
        let selection = options.selection
        let method: WriteMethod = spec.isWrittenByImport ? .import : .rest
        let references = spec.relationships.filter(\.isDependency).map { relationship in
            let targets = concrete(relationship.targets)
            let resolution: ParentReference.Resolution
            if deferred.contains(EdgeKey(type: type, relationship: relationship.name)) {
                resolution = .deferred
            } else if !targets.contains(where: scope.contains) {
                resolution = .lookupInTarget
            } else if method == .import, let code = spec.codeReference(for: relationship.name) {
                resolution = .codeAttribute(code.attribute)
            } else {
                resolution = .mappedID
            }
            var reference = ParentReference(
                relationship: relationship.name, targets: targets,
                isRequired: relationship.isRequired && !relationship.isToMany, isToMany: relationship.isToMany,
                resolution: resolution)
            reference.carriedByImport =
                method == .import && relationship.isToMany && resolution == .mappedID
                && targets.allSatisfy(ParentReference.importableToManyTargets.contains)
            return reference
        }
        let identity = selection?.identity ?? spec.identity.naturalKey
        var transforms = selection?.transforms ?? []
        let withheld = environmentValues(of: spec, plan: plan, transforms: &transforms)
        var step = ExecutionStep(
            type: type, layer: layer, method: method, reasons: options.reasons, identity: identity,
            identityOverridden: selection?.identity != nil,
            export: exportRequest(
                for: spec, identity: identity, transforms: transforms, filters: selection?.filters ?? [:]),
            transforms: transforms, write: selection?.write ?? .upsert,
            missingReferences: selection?.missingReferences ?? plan.missingReferences,
            importParent: method == .import ? spec.importParent : nil, references: references,
            isLegacyExportable: spec.isLegacyExportable)
        step.withheldFields = withheld
        if step.write != .updateOnly, !deferred.contains(where: { $0.type == type }) {
            step.nestedIn = NestedWrite.find(for: spec, in: scope, catalog: catalog)
        }
        return step
    }

    /// Appends the transforms of the plan's `environment_values` for the type and returns the
    /// environment-specific fields to withhold: every one the plan's transforms do not write,
    /// keeping only the target values `environment_values` maps to.
    private func environmentValues(of spec: ResourceSpec, plan: Plan, transforms: inout [Transform]) -> [String:
        [JSONValue]]
    {
        let written = Set(transforms.map(\.field))
        var withheld: [String: [JSONValue]] = [:]
        for attribute in spec.targetValueAttributes where !written.contains(attribute.name) {
            guard let value = plan.environmentValues[spec.type]?[attribute.name] else {
                withheld[attribute.name] = []
                continue
            }
            transforms.append(value.transform(field: attribute.name))
            if case .map = value { withheld[attribute.name] = value.targetValues }
        }
        return withheld
    }
}
