import Testing

@testable import ResourceCatalog

@Suite("Dependency graph")
struct DependencyGraphTests {
    let order: DependencyOrder

    init() throws {
        order = try DependencyGraph(catalog: .commerceLayer).order()
    }

    func layer(_ type: ResourceType) throws -> Int {
        try #require(order.layerOf[type], "\(type) is not in any layer")
    }

    @Test(
        "parents come in earlier layers than their children",
        arguments: [
            ("addresses", "merchants"), ("addresses", "stock_locations"), ("price_lists", "markets"),
            ("merchants", "markets"), ("inventory_models", "markets"), ("skus", "prices"),
            ("skus", "stock_items"), ("stock_locations", "stock_items"), ("markets", "shipping_methods"),
            ("price_lists", "prices"), ("sku_lists", "sku_list_items"), ("customers", "customer_addresses"),
            ("coupon_codes_promotion_rules", "coupons"),
            ("percentage_discount_promotions", "coupon_codes_promotion_rules"),
        ] as [(ResourceType, ResourceType)])
    func parentBeforeChild(parent: ResourceType, child: ResourceType) throws {
        #expect(try layer(parent) < layer(child))
    }

    @Test("every concrete type is placed exactly once")
    func everyTypeOnce() {
        let placed = order.types
        #expect(placed.count == Set(placed).count)
        #expect(Set(placed) == Set(ResourceCatalog.commerceLayer.concreteTypes))
    }

    @Test("the markets / shipping methods cycle is broken by deferring the markets' default pointers")
    func marketCycleDeferred() {
        let deferred = order.deferred.map { "\($0.from).\($0.relationship)" }
        #expect(deferred.contains("markets.default_shipping_method"))
        #expect(deferred.contains("markets.default_payment_method"))
        #expect(order.deferred.allSatisfy { !$0.isRequired })
    }

    @Test("layers are sorted by name and stable across runs")
    func deterministic() throws {
        for layer in order.layers { #expect(layer == layer.sorted()) }
        #expect(try DependencyGraph(catalog: .commerceLayer).order() == order)
    }

    @Test("a cycle of required edges is an error naming every type of the cycle")
    func requiredCycle() {
        let edges = [
            DependencyEdge(from: "a", relationship: "b", to: "b", isRequired: true),
            DependencyEdge(from: "b", relationship: "c", to: "c", isRequired: true),
            DependencyEdge(from: "c", relationship: "a", to: "a", isRequired: true),
            DependencyEdge(from: "d", relationship: "a", to: "a", isRequired: true),
        ]
        let graph = DependencyGraph(types: ["a", "b", "c", "d"], edges: edges)
        #expect(throws: RequiredCycleError.self) { try graph.order() }
        do {
            _ = try graph.order()
        } catch {
            #expect(error.types == ["a", "b", "c"])
            #expect(error.description.contains("a.b → b.c → c.a → a"))
        }
    }

    @Test("a cycle with one optional edge defers exactly that edge")
    func optionalEdgeDeferred() throws {
        let edges = [
            DependencyEdge(from: "a", relationship: "b", to: "b", isRequired: true),
            DependencyEdge(from: "b", relationship: "a", to: "a", isRequired: false),
        ]
        let order = try DependencyGraph(types: ["a", "b"], edges: edges).order()
        #expect(order.deferred.map(\.description) == ["b.a → a"])
        #expect(order.layers == [["b"], ["a"]])
    }

    @Test("a graph restricted to some types ignores relationships leaving it")
    func restrictedScope() throws {
        let order = try DependencyGraph(catalog: .commerceLayer, types: ["prices", "skus"]).order()
        #expect(order.layers == [["skus"], ["prices"]])
        #expect(order.deferred.isEmpty)
    }
}
