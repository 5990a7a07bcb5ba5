import ResourceCatalog

/// A named group of resource types a plan can list instead of naming each type.
package enum PlanPreset: String, Sendable, Hashable, CaseIterable {
    /// The sellable catalog: shipping categories, skus, price lists, prices, stock locations,
    /// stock items, sku lists with their items, bundles.
    case catalog
    /// Everything a store needs before it takes orders: configuration (markets, merchants,
    /// inventory, shipping, tax, payment methods, promotions) and the catalog. No customers.
    case storeSetup = "store-setup"
    /// Customer groups, customers, their addresses and address links.
    case customers

    /// The preset a `resources` key names: `catalog`, `store-setup`, or with the `preset:`
    /// prefix (`preset:customers`), which is needed when a type has the same name: a plain
    /// `customers` means the type.
    package init?(named name: String) {
        let bare = name.hasPrefix(Self.prefix) ? String(name.dropFirst(Self.prefix.count)) : name
        self.init(rawValue: bare)
    }

    /// The prefix that marks a preset explicitly.
    package static let prefix = "preset:"

    /// The name to write in a plan: `preset:customers` where a type shares the name.
    package var displayName: String {
        ResourceCatalog.commerceLayer.contains(ResourceType(rawValue)) ? Self.prefix + rawValue : rawValue
    }

    /// The types of the preset, in the order the README lists them (the planner reorders).
    package var types: [ResourceType] {
        switch self {
        case .catalog:
            [
                "shipping_categories", "skus", "price_lists", "prices", "stock_locations",
                "stock_items", "sku_lists", "sku_list_items", "bundles",
            ]
        case .storeSetup:
            [
                "addresses", "merchants", "price_lists", "inventory_models", "stock_locations",
                "inventory_stock_locations", "inventory_return_locations", "markets",
                "shipping_categories", "shipping_zones", "shipping_methods",
                "manual_tax_calculators", "external_tax_calculators", "tax_rules", "tax_categories", "payment_gateways",
                "payment_methods", "skus", "prices", "price_volume_tiers", "price_frequency_tiers", "stock_items",
                "sku_lists", "sku_list_items", "sku_options", "bundles", "tags",
                "percentage_discount_promotions", "fixed_amount_promotions",
                "coupon_codes_promotion_rules", "coupons",
            ]
        case .customers:
            ["customer_groups", "customers", "addresses", "customer_addresses"]
        }
    }
}
