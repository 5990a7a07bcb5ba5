/// The include paths Commerce Layer's dashboard offers per exported type (its import/export
/// app). Whether the export API refuses other includes is UNKNOWN; layerclone asks exports for
/// these only, and reaches other parents through their `<relation>_id` keys. A price's
/// `price_list`, a stock item's `stock_location` and a bundle's `market` are not among them.
package enum ExportIncludeWhitelist {
    package static let paths: [ResourceType: Set<String>] = [
        "prices": ["sku", "price_tiers"],
        "skus": ["shipping_category", "prices", "prices.price_tiers", "stock_items", "tax_categories", "tags"],
        "bundles": ["sku_list", "sku_list_items", "tags"],
        "stock_items": ["sku"],
        "sku_list_items": ["sku"],
        "tax_categories": ["sku"],
        "coupons": ["promotion_rule", "promotion_rule.promotion"],
        "sku_lists": ["sku_list_items", "bundles"],
        "customers": ["customer_addresses", "customer_subscriptions", "orders", "returns", "tags"],
        "shipping_categories": ["skus"],
    ]

    /// Whether an export of `type` may include `path` (`prices.price_tiers`): the path is
    /// listed, or a longer listed path starts with it.
    package static func allows(_ path: String, of type: ResourceType) -> Bool {
        let allowed = paths[type] ?? []
        return allowed.contains(path) || allowed.contains { $0.hasPrefix(path + ".") }
    }
}
