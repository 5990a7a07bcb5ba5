import Testing

@testable import ResourceCatalog

@Suite("Resource catalog")
struct CatalogTests {
    let catalog = ResourceCatalog.commerceLayer

    static let requiredTypes: [ResourceType] = [
        "addresses", "merchants", "customer_groups", "price_lists", "inventory_models", "stock_locations",
        "inventory_stock_locations", "inventory_return_locations", "markets", "shipping_categories",
        "shipping_zones", "shipping_methods", "payment_gateways", "manual_gateways", "payment_methods",
        "manual_tax_calculators", "tax_rules", "tax_categories", "skus", "prices", "price_volume_tiers",
        "price_frequency_tiers",
        "stock_items", "sku_lists", "sku_list_items", "sku_options", "bundles", "customers",
        "customer_addresses", "tags", "percentage_discount_promotions", "fixed_amount_promotions",
        "coupon_codes_promotion_rules", "coupons", "gift_cards",
    ]

    @Test("covers every type layerclone must clone", arguments: requiredTypes)
    func coversType(_ type: ResourceType) {
        #expect(catalog.contains(type))
    }

    @Test("markets require a merchant, a price list and an inventory model, and nothing else")
    func marketRequirements() throws {
        let markets = try #require(catalog[ResourceType("markets")])
        let required = markets.relationships.filter(\.isRequired).map(\.name).sorted()
        #expect(required == ["inventory_model", "merchant", "price_list"])
        #expect(markets.relationship("default_shipping_method")?.target == "shipping_methods")
        #expect(markets.isImportable == false)
        #expect(markets.attribute("shared_secret")?.isExportable == false)
    }

    @Test("prices are imported under their price list, resolving skus by code")
    func pricesImportFacts() throws {
        let prices = try #require(catalog[ResourceType("prices")])
        #expect(prices.isImportable)
        #expect(prices.importParent == "price_list")
        #expect(prices.codeReferences.map(\.attribute) == ["sku_code"])
        #expect(prices.identity.naturalKey == [.parent(relationship: "price_list"), .parent(relationship: "sku")])
        #expect(prices.nestedImportChildren == ["price_tiers"])
        #expect(prices.relationship("price_tiers")?.isDependency == false)
        #expect(prices.isCacheable)
        #expect(prices.attribute("amount_cents")?.isRequired == true)
    }

    @Test("a code unique only within a parent carries that parent in the identity")
    func scopedCodes() throws {
        // The schema: a bundle's code is unique within its market, a coupon's within its
        // promotion rule, a tax category's per tax calculator (its sku completes the key).
        let scoped: [(ResourceType, [IdentityComponent])] = [
            ("bundles", [.parent(relationship: "market"), .attribute("code")]),
            ("coupons", [.parent(relationship: "promotion_rule"), .attribute("code")]),
            ("tax_categories", [.parent(relationship: "tax_calculator"), .parent(relationship: "sku")]),
        ]
        for (type, key) in scoped {
            #expect(try #require(catalog[type]).identity.naturalKey == key, "\(type)")
        }
    }

    @Test("the enabled/disabled state: the schema's types with disabled_at and the triggers, none importable")
    func enabledState() {
        let stateful = catalog.specs.filter(\.hasEnabledState).map(\.type.rawValue).sorted()
        #expect(
            stateful == [
                "adyen_gateways", "axerve_gateways", "braintree_gateways", "checkout_com_gateways",
                "external_gateways", "fixed_amount_promotions", "klarna_gateways", "manual_gateways", "markets",
                "payment_gateways", "payment_methods", "paypal_gateways", "percentage_discount_promotions",
                "satispay_gateways", "shipping_methods", "stripe_gateways",
            ])
        for spec in catalog.specs where spec.hasEnabledState {
            let disabledAt = spec.attribute(ResourceSpec.disabledAt)
            #expect(disabledAt?.isCreatable == false && disabledAt?.isUpdatable == false, "\(spec.type)")
            #expect(disabledAt?.isExportable == true, "\(spec.type)")
            // Imports carry no state: a stateful importable type would need the import inputs
            // to learn `_disable` (they are built from clonable attributes only).
            #expect(!spec.isImportable, "\(spec.type)")
        }
        for type in ["skus", "price_lists", "bundles", "sku_lists", "stock_locations"] {
            #expect(catalog[ResourceType(type)]?.hasEnabledState == false, "\(type)")
        }
    }

    @Test("polymorphic relationships point at the concrete types the catalog holds")
    func polymorphicTargets() throws {
        let paymentMethods = try #require(catalog[ResourceType("payment_methods")])
        #expect(
            paymentMethods.relationship("payment_gateway")?.targets == [
                "adyen_gateways", "axerve_gateways", "braintree_gateways", "checkout_com_gateways",
                "external_gateways", "klarna_gateways", "manual_gateways", "paypal_gateways", "satispay_gateways",
                "stripe_gateways",
            ])
        #expect(
            catalog[ResourceType("markets")]?.relationship("tax_calculator")?.targets.sorted() == [
                "external_tax_calculators", "manual_tax_calculators",
            ])
        let rules = try #require(catalog[ResourceType("coupon_codes_promotion_rules")])
        #expect(
            rules.relationship("promotion")?.targets.sorted() == [
                "fixed_amount_promotions", "percentage_discount_promotions",
            ])
        #expect(catalog[ResourceType("payment_gateways")]?.isAbstract == true)
        #expect(!catalog.concreteTypes.contains("payment_gateways"))
    }

    @Test("ids and timestamps are volatile and never cloned")
    func volatileAttributes() throws {
        let skus = try #require(catalog[ResourceType("skus")])
        let cloned = Set(skus.clonableAttributes.map(\.name))
        #expect(cloned.contains("code"))
        #expect(!cloned.contains("id"))
        #expect(!cloned.contains("created_at"))
        #expect(skus.attribute("updated_at")?.isVolatile == true)
    }

    @Test("the JSON listing has the documented shape")
    func listingShape() throws {
        let listing = catalog.listingJSON()
        let types = try #require(listing["types"]?.arrayValue)
        #expect(types.count == catalog.specs.count)
        let markets = try #require(types.first { $0["name"] == "markets" })
        #expect(markets["importable"] == .bool(false))
        #expect(markets["import_parent"] == .null)
        #expect(markets["identity"] == ["code"])
        let merchant = try #require(markets["relationships"]?.arrayValue?.first { $0["name"] == "merchant" })
        #expect(merchant["targets"] == ["merchants"])
        #expect(merchant["to_many"] == .bool(false))
        #expect(merchant["required"] == .bool(true))
        #expect(merchant["creatable"] == .bool(true))
        let prices = try #require(types.first { $0["name"] == "prices" })
        #expect(prices["code_refs"]?.arrayValue?.first?["attribute"] == "sku_code")
    }
}
