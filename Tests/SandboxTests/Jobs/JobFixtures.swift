import ResourceCatalog
import Sandbox

/// Small datasets for job tests.
enum JobFixtures {
    /// A shipping category, `skus` skus (`SKU-01`…) and, with `prices`, a price list `PL-EUR`
    /// with one price per sku (the odd ones with two volume tiers).
    static func catalog(skus: Int, prices: Bool = true) -> SeedDataset {
        var groups = [
            SeedDataset.Group(
                type: "shipping_categories",
                records: [.init(key: "sc", attributes: ["name": "Standard", "code": "SC-STD"])]),
            SeedDataset.Group(
                type: "skus",
                records: (1...skus).map { index in
                    .init(
                        key: "sku-\(index)",
                        attributes: [
                            "code": .string(code(index)), "name": .string("Shirt \(index)"), "description": "",
                        ],
                        relationships: ["shipping_category": ["sc"]])
                }),
        ]
        if prices {
            groups.append(
                SeedDataset.Group(
                    type: "price_lists",
                    records: [.init(key: "pl", attributes: ["name": "EU", "code": "PL-EUR", "currency_code": "EUR"])]))
            groups.append(
                SeedDataset.Group(
                    type: "prices",
                    records: (1...skus).map { index in
                        .init(
                            key: "price-\(index)",
                            attributes: ["sku_code": .string(code(index)), "amount_cents": .int(Int64(index * 100))],
                            relationships: ["price_list": ["pl"]])
                    }))
            groups.append(
                SeedDataset.Group(
                    type: "price_volume_tiers",
                    records: (1...skus).filter { $0 % 2 == 1 }.flatMap { index in
                        [("small", 10, 90), ("large", 50, 80)].map { name, upTo, percent in
                            SeedDataset.Record(
                                key: "tier-\(index)-\(name)",
                                attributes: [
                                    "name": .string(name), "up_to": .int(Int64(upTo)),
                                    "price_amount_cents": .int(Int64(index * percent)),
                                ],
                                relationships: ["price": ["price-\(index)"]])
                        }
                    }))
        }
        return SeedDataset(groups: groups)
    }

    /// `SKU-01`, `SKU-02`, …
    static func code(_ index: Int) -> String {
        index < 10 ? "SKU-0\(index)" : "SKU-\(index)"
    }
}
