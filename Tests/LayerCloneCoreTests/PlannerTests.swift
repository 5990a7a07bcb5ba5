import Foundation
import ResourceCatalog
import Staging
import Testing

@testable import LayerCloneCore

@Suite("Planner")
struct PlannerTests {
    let parser = PlanParser()
    let planner = Planner()

    func plan(_ yaml: String) throws -> ExecutionPlan {
        try planner.plan(try parser.parse(yaml))
    }

    @Test("a plan naming only prices pulls in price_lists and skus, saying why")
    func closureOfPrices() throws {
        let plan = try plan("resources:\n  prices:\n")
        #expect(plan.step("price_lists")?.reasons == [.requiredParent(of: "prices", relationship: "price_list")])
        #expect(plan.step("skus")?.reasons == [.requiredParent(of: "prices", relationship: "sku")])
        #expect(
            plan.step("shipping_categories")?.reasons == [
                .requiredParent(of: "skus", relationship: "shipping_category")
            ])
        #expect(plan.steps.map(\.type) == ["price_lists", "shipping_categories", "skus", "prices"])
        #expect(plan.step("price_lists")?.reasons.first?.description == "required by prices.price_list")
    }

    @Test("tax categories are written over REST: their import key (code, calculator) would merge them")
    func taxCategoriesOverREST() throws {
        let plan = try plan("resources:\n  tax_categories:\n  prices:\n")
        #expect(plan.step("tax_categories")?.method == .rest)
        #expect(plan.step("tax_categories")?.importParent == nil)
        #expect(plan.step("tax_categories")?.references.first { $0.relationship == "sku" }?.resolution == .mappedID)
        // Prices' import key is their identity: they stay imports.
        #expect(plan.step("prices")?.method == .import)
        let catalog = ResourceCatalog.commerceLayer
        #expect(ImportUpsertKey.mergesDistinctRecords(catalog.spec("tax_categories")))
        for type in ["skus", "prices", "stock_items", "coupons", "customers", "gift_cards", "sku_lists"] {
            #expect(!ImportUpsertKey.mergesDistinctRecords(catalog.spec(ResourceType(type))), "\(type)")
        }
    }

    @Test("without include_parents, parents are looked up in the target")
    func noParents() throws {
        let plan = try plan("include_parents: false\nresources:\n  prices:\n")
        #expect(plan.steps.map(\.type) == ["prices"])
        #expect(plan.lookedUpTypes == ["price_lists", "skus"])
        #expect(plan.steps[0].references.map(\.resolution) == [.lookupInTarget, .lookupInTarget])
    }

    @Test("optional parents named in the plan join the scope")
    func optionalParents() throws {
        let plan = try plan("resources:\n  customers:\n    optional_parents: [customer_group]\n")
        #expect(
            plan.step("customer_groups")?.reasons == [.optionalParent(of: "customers", relationship: "customer_group")])
        #expect(try #require(plan.step("customers")).layer > plan.step("customer_groups")!.layer)
    }

    @Test("abstract types are replaced by their concrete subtypes")
    func abstractTypes() throws {
        let plan = try plan("resources:\n  payment_gateways:\n")
        #expect(
            plan.steps.map(\.type).sorted() == [
                "adyen_gateways", "axerve_gateways", "braintree_gateways", "checkout_com_gateways",
                "external_gateways", "klarna_gateways", "manual_gateways", "paypal_gateways", "satispay_gateways",
                "stripe_gateways",
            ])
        #expect(plan.steps.allSatisfy { $0.reasons == [.subtype(of: "payment_gateways", entry: "payment_gateways")] })
    }

    @Test("store-setup: order, methods and the deferred market patch")
    func storeSetup() throws {
        let plan = try planner.plan(try parser.parse(fileAt: Fixtures.planPath("store-setup")))
        let position = Dictionary(uniqueKeysWithValues: plan.steps.enumerated().map { ($1.type, $0) })
        for parent: ResourceType in ["merchants", "price_lists", "inventory_models"] {
            #expect(position[parent]! < position["markets"]!, "\(parent) before markets")
        }
        #expect(position["markets"]! < position["shipping_methods"]!)
        #expect(position["skus"]! < position["prices"]!)
        #expect(position["skus"]! < position["stock_items"]!)
        #expect(
            plan.deferred.contains(
                DeferredPatch(type: "markets", relationship: "default_shipping_method", target: "shipping_methods")))
        for type: ResourceType in ["markets", "stock_locations", "shipping_methods"] {
            #expect(plan.step(type)?.method == .rest)
        }
        for type: ResourceType in ["skus", "prices", "stock_items"] {
            #expect(plan.step(type)?.method == .import)
        }
        #expect(!plan.steps.contains { $0.type == "payment_gateways" })
    }

    @Test("per type: identity, import parent, code references and mapped ids")
    func referencesOfPrices() throws {
        let prices = try #require(try plan("resources:\n  prices:\n").step("prices"))
        #expect(prices.identityNames == ["price_list", "sku"])
        #expect(prices.importParent == "price_list")
        #expect(prices.codeReferences == ["sku_code"])
        #expect(prices.mappedReferences == ["price_list"])
    }

    @Test("the export asks for every parent's key fields")
    func exportShape() throws {
        let plan = try plan("resources:\n  prices:\n  price_volume_tiers:\n  markets:\n")
        let prices = try #require(plan.step("prices")).export
        #expect(prices.includes == ["price_list", "sku"])
        #expect(prices.fields.contains("price_list.code") && prices.fields.contains("sku.code"))
        #expect(prices.fields.contains("sku_code") && prices.fields.contains("amount_cents"))
        #expect(!prices.fields.contains("formatted_amount"))
        let tiers = try #require(plan.step("price_volume_tiers")).export
        #expect(tiers.includes == ["price", "price.price_list", "price.sku"])
        #expect(tiers.fields.contains("price.sku.code"))
        let markets = try #require(plan.step("markets")).export
        #expect(markets.fields.contains("merchant.*"))
        #expect(markets.fields.contains("price_list.code"))
    }

    @Test("a cycle through required relationships is an error naming the types")
    func requiredCycle() throws {
        func spec(_ type: ResourceType, parent: ResourceType) -> ResourceSpec {
            ResourceSpec(
                type: type, singular: String(type.rawValue.dropLast()),
                attributes: [AttributeSpec("code", .string, .optional, [.creatable, .exportable, .filterable])],
                relationships: [
                    RelationshipSpec(
                        name: String(parent.rawValue.dropLast()), targets: [parent], isToMany: false, isRequired: true,
                        isCreatable: true, isPolymorphic: false, isDependency: true)
                ],
                identity: IdentityRule(naturalKey: [.attribute("code")]), isImportable: true, importParent: nil,
                codeReferences: [], nestedImportChildren: [], isCacheable: false, isLegacyExportable: true,
                subtypes: [])
        }
        let catalog = ResourceCatalog(specs: [spec("eggs", parent: "hens"), spec("hens", parent: "eggs")])
        let plan = try PlanParser(catalog: catalog).parse("resources:\n  eggs:\n", file: "farm.yml")
        let error = try #require(throws: PlannerError.self) { try Planner(catalog: catalog).plan(plan) }
        guard case .requiredCycle(let cycle, _) = error else {
            Issue.record("expected a required cycle, got \(error)")
            return
        }
        #expect(cycle.types == ["eggs", "hens"])
        #expect(error.description.contains("eggs, hens"))
    }
}
