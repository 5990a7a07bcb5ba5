/// A relationship seen as an ordering constraint: `from` records point at `to` records.
package struct DependencyEdge: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The type holding the relationship (the child).
    package let from: ResourceType
    /// The relationship name on `from`.
    package let relationship: String
    /// The type pointed at (the parent).
    package let to: ResourceType
    /// Whether `from` records cannot be created without it.
    package let isRequired: Bool

    package init(from: ResourceType, relationship: String, to: ResourceType, isRequired: Bool) {
        self.from = from
        self.relationship = relationship
        self.to = to
        self.isRequired = isRequired
    }

    package var description: String { "\(from).\(relationship) → \(to)" }

    package static func < (lhs: DependencyEdge, rhs: DependencyEdge) -> Bool {
        (lhs.from, lhs.relationship, lhs.to) < (rhs.from, rhs.relationship, rhs.to)
    }
}

/// The order in which types can be written, and the relationships set afterwards.
package struct DependencyOrder: Sendable, Equatable {
    /// Types grouped in layers: every type's parents are in earlier layers. Within a layer,
    /// types are sorted by name.
    package let layers: [[ResourceType]]
    /// Optional relationships left out of the first write and patched once both sides exist,
    /// because they close a cycle.
    package let deferred: [DependencyEdge]

    package init(layers: [[ResourceType]], deferred: [DependencyEdge]) {
        self.layers = layers
        self.deferred = deferred
    }

    /// All types, layer by layer.
    package var types: [ResourceType] { layers.flatMap { $0 } }

    /// The layer index of each type.
    package var layerOf: [ResourceType: Int] {
        var result: [ResourceType: Int] = [:]
        for (index, layer) in layers.enumerated() {
            for type in layer { result[type] = index }
        }
        return result
    }
}

/// A cycle that no deferral can break.
package struct RequiredCycleError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The types of the cycle, in cycle order, starting from the smallest name.
    package let types: [ResourceType]
    /// The required relationships that close it.
    package let edges: [DependencyEdge]

    package var description: String {
        let path = edges.map { "\($0.from).\($0.relationship)" }.joined(separator: " → ")
        return "required relationships form a cycle between \(types.map(\.rawValue).joined(separator: ", ")): "
            + "\(path) → \(types.first?.rawValue ?? "")"
    }
}

/// The dependency graph over a set of catalog types.
package struct DependencyGraph: Sendable {
    /// The types in the graph.
    package let types: Set<ResourceType>
    /// Every ordering constraint between two distinct types of the graph.
    package let edges: [DependencyEdge]

    /// Builds the graph of `types` (all concrete catalog types when nil). Relationships to
    /// types outside the set, self-references and non-dependency relationships are left out.
    package init(catalog: ResourceCatalog, types: Set<ResourceType>? = nil) {
        let scope = types ?? Set(catalog.concreteTypes)
        var edges: [DependencyEdge] = []
        for type in scope.sorted() {
            guard let spec = catalog[type] else { continue }
            for relationship in spec.relationships where relationship.isDependency {
                for target in relationship.targets where target != type && scope.contains(target) {
                    edges.append(
                        DependencyEdge(
                            from: type, relationship: relationship.name, to: target,
                            isRequired: relationship.isRequired && !relationship.isToMany))
                }
            }
        }
        self.init(types: scope, edges: edges)
    }

    /// Builds a graph from explicit edges (tests, synthetic plans).
    package init(types: Set<ResourceType>, edges: [DependencyEdge]) {
        self.types = types
        self.edges = edges.sorted()
    }

    /// Orders the types, deferring optional edges until no cycle is left.
    ///
    /// When a cycle has optional edges, the one deferred is the optional edge leaving the type
    /// with the most required parent relationships (it is the most "downstream" of the cycle), ties broken
    /// by type and relationship name. Deterministic for a given graph.
    /// - Throws: `RequiredCycleError` when a cycle is made of required edges only.
    package func order() throws(RequiredCycleError) -> DependencyOrder {
        var deferred: Set<DependencyEdge> = []
        while true {
            let active = edges.filter { !deferred.contains($0) }
            let cyclic = Self.stronglyConnectedComponents(types: types, edges: active)
                .filter { $0.count > 1 }
            if cyclic.isEmpty {
                return DependencyOrder(
                    layers: Self.layers(types: types, edges: active), deferred: deferred.sorted())
            }
            let component = cyclic[0]
            let inside = active.filter { component.contains($0.from) && component.contains($0.to) }
            let optional = inside.filter { !$0.isRequired }
            guard !optional.isEmpty else {
                throw Self.cycleError(in: component, edges: inside)
            }
            // Counted by relationship: a polymorphic one (a payment method's gateway) is one
            // parent, however many kinds it may point at.
            let requiredParents = Dictionary(grouping: edges.filter(\.isRequired), by: \.from)
                .mapValues { Set($0.map(\.relationship)).count }
            let chosen = optional.min { lhs, rhs in
                let left = requiredParents[lhs.from, default: 0]
                let right = requiredParents[rhs.from, default: 0]
                return left != right ? left > right : lhs < rhs
            }!
            deferred.insert(chosen)
        }
    }

    /// Kahn's algorithm, one layer at a time, each layer sorted by name.
    private static func layers(types: Set<ResourceType>, edges: [DependencyEdge]) -> [[ResourceType]] {
        var pending = Dictionary(uniqueKeysWithValues: types.map { ($0, Set<ResourceType>()) })
        for edge in edges { pending[edge.from, default: []].insert(edge.to) }
        var layers: [[ResourceType]] = []
        while !pending.isEmpty {
            let ready = pending.filter { $0.value.isEmpty }.map(\.key).sorted()
            precondition(!ready.isEmpty, "layers() called on a cyclic graph")
            layers.append(ready)
            for type in ready { pending[type] = nil }
            for key in pending.keys { pending[key]!.subtract(ready) }
        }
        return layers
    }

    /// Tarjan's algorithm; components sorted by their smallest type name.
    private static func stronglyConnectedComponents(
        types: Set<ResourceType>, edges: [DependencyEdge]
    ) -> [Set<ResourceType>] {
        let successors = Dictionary(grouping: edges, by: \.from).mapValues { $0.map(\.to).sorted() }
        var index = 0
        var indices: [ResourceType: Int] = [:]
        var lowlink: [ResourceType: Int] = [:]
        var stack: [ResourceType] = []
        var onStack: Set<ResourceType> = []
        var components: [Set<ResourceType>] = []

        func connect(_ node: ResourceType) {
            indices[node] = index
            lowlink[node] = index
            index += 1
            stack.append(node)
            onStack.insert(node)
            for next in successors[node, default: []] {
                if indices[next] == nil {
                    connect(next)
                    lowlink[node] = min(lowlink[node]!, lowlink[next]!)
                } else if onStack.contains(next) {
                    lowlink[node] = min(lowlink[node]!, indices[next]!)
                }
            }
            if lowlink[node] == indices[node] {
                var component: Set<ResourceType> = []
                while let top = stack.popLast() {
                    onStack.remove(top)
                    component.insert(top)
                    if top == node { break }
                }
                components.append(component)
            }
        }
        for node in types.sorted() where indices[node] == nil { connect(node) }
        return components.sorted { $0.min()! < $1.min()! }
    }

    /// Finds one cycle through the component's edges, starting at its smallest type.
    private static func cycleError(in component: Set<ResourceType>, edges: [DependencyEdge])
        -> RequiredCycleError
    {
        let start = component.min()!
        let outgoing = Dictionary(grouping: edges, by: \.from).mapValues { $0.sorted() }
        var path: [DependencyEdge] = []
        var visited: Set<ResourceType> = []

        func walk(_ node: ResourceType) -> Bool {
            visited.insert(node)
            for edge in outgoing[node, default: []] {
                path.append(edge)
                if edge.to == start { return true }
                if !visited.contains(edge.to), walk(edge.to) { return true }
                path.removeLast()
            }
            return false
        }
        _ = walk(start)
        return RequiredCycleError(types: [start] + path.dropLast().map(\.to), edges: path)
    }
}
