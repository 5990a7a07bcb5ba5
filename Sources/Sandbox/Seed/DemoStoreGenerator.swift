import ResourceCatalog

/// Generates a realistic demo store as a `SeedDataset`, deterministic for a given scale.
///
/// Two markets (EU, US) with merchants, price lists and inventory models; stock locations with
/// inventory stock locations; shipping categories, zones and methods (the US heavy one
/// disabled); a manual gateway with payment methods and an external one with its own; a manual tax calculator with tax rules
/// and categories; skus with prices (some with volume tiers) and stock items; sku lists with
/// items and bundles; customers with addresses and groups; tags; a percentage discount
/// promotion with a coupon-codes rule and coupons; gift cards. Every record with a natural key
/// gets a deterministic code; about a third of records get a `reference`. Scale 1 is about 400 records; per unit of scale there are 50
/// skus (2 prices, 2 stock items each) and 20 customers (with an address each).
package struct DemoStoreGenerator: Sendable {
    package let scale: Int

    /// - Precondition: `scale >= 1`.
    package init(scale: Int) {
        precondition(scale >= 1, "scale must be at least 1")
        self.scale = scale
    }

    struct Builder {
        var groups: [SeedDataset.Group] = []
        var random = SplitMix(state: 0x5EED)

        mutating func add(_ type: ResourceType, _ records: [SeedDataset.Record]) {
            groups.append(SeedDataset.Group(type: type, records: records))
        }

        /// `reference` for about a third of records, by a deterministic draw.
        mutating func reference(_ key: String) -> [String: JSONValue] {
            random.next() % 3 == 0 ? ["reference": .string("demo:" + key), "reference_origin": "layerclone-demo"] : [:]
        }

        mutating func record(
            _ key: String, _ attributes: [String: JSONValue], _ relationships: [String: [String]] = [:]
        )
            -> SeedDataset.Record
        {
            SeedDataset.Record(
                key: key, attributes: attributes.merging(reference(key)) { own, _ in own }, relationships: relationships
            )
        }
    }

    /// The dataset.
    package func dataset() -> SeedDataset {
        var b = Builder()
        let markets = [("eu", "EUR", "Europe", "IT"), ("us", "USD", "United States", "US")]
        b.add(
            "tags",
            ["new", "sale", "organic", "limited", "bestseller"].map { b.record("tag-\($0)", ["name": .string($0)]) })
        b.add(
            "customer_groups",
            [
                b.record("cg-vip", ["name": "VIP", "code": "CG-VIP"]),
                b.record("cg-wholesale", ["name": "Wholesale", "code": "CG-WHOLESALE"]),
            ])
        b.add(
            "price_lists",
            markets.map { m in
                b.record(
                    "pl-\(m.0)",
                    [
                        "name": .string("\(m.2) prices"), "code": .string("PL-\(m.1)"),
                        "currency_code": .string(m.1),
                        // US prices are quoted before tax (the schema's default is true).
                        "tax_included": .bool(m.1 != "USD"),
                    ])
            }
                // A list with neither a code nor a reference (both are optional): its prices
                // find it only by its id or its content.
                + [SeedDataset.Record(key: "pl-outlet", attributes: ["name": "Outlet", "currency_code": "EUR"])])
        b.add("inventory_models", markets.map { b.record("im-\($0.0)", ["name": .string("\($0.2) inventory")]) })
        var addresses = markets.flatMap { m in
            ["merchant", "warehouse"].map { role in
                b.record(
                    "addr-\(role)-\(m.0)", Self.address(index: role.count, country: m.3, company: "\(m.2) \(role)"))
            }
        }
        let customerCount = 20 * scale
        addresses += (0..<customerCount).map {
            b.record("addr-c\($0)", Self.address(index: $0, country: $0 % 2 == 0 ? "IT" : "US", company: nil))
        }
        b.add("addresses", addresses)
        b.add(
            "merchants",
            markets.map {
                b.record("merchant-\($0.0)", ["name": .string("Demo \($0.2)")], ["address": ["addr-merchant-\($0.0)"]])
            })
        b.add(
            "stock_locations",
            markets.map { m in
                b.record(
                    "sl-\(m.0)", ["name": .string("\(m.2) warehouse"), "code": .string("SL-\(m.0.uppercased())")],
                    ["address": ["addr-warehouse-\(m.0)"]])
            })
        b.add(
            "inventory_stock_locations",
            markets.map { m in
                b.record(
                    "isl-\(m.0)", ["priority": 1], ["inventory_model": ["im-\(m.0)"], "stock_location": ["sl-\(m.0)"]])
            })
        b.add(
            "shipping_categories",
            [
                b.record("sc-std", ["name": "Standard", "code": "SC-STD"]),
                b.record("sc-heavy", ["name": "Heavy goods", "code": "SC-HEAVY"]),
            ])
        b.add(
            "shipping_zones",
            markets.map {
                b.record("sz-\($0.0)", ["name": .string("\($0.2) zone"), "country_code_regex": .string($0.3)])
            })
        b.add("manual_tax_calculators", [b.record("tax-calc", ["name": "Demo taxes"])])
        b.add(
            "tax_rules",
            markets.map { m in
                b.record(
                    "tr-\(m.0)",
                    [
                        "name": .string("\(m.2) VAT"), "tax_rate": .double(m.0 == "eu" ? 0.22 : 0.07),
                        "country_code_regex": .string(m.3),
                    ], ["manual_tax_calculator": ["tax-calc"]])
            })
        b.add("manual_gateways", [b.record("gateway", ["name": "Manual payments"])])
        b.add("external_gateways", [b.record("gateway-ext", ["name": "External payments", "force_payments": true])])
        b.add(
            "markets",
            markets.map { m in
                b.record(
                    "mkt-\(m.0)", ["name": .string(m.2), "code": .string("MKT-\(m.0.uppercased())")],
                    [
                        "merchant": ["merchant-\(m.0)"], "price_list": ["pl-\(m.0)"], "inventory_model": ["im-\(m.0)"],
                        "tax_calculator": ["tax-calc"], "default_shipping_method": ["ship-\(m.0)-std"],
                    ])
            })
        b.add(
            "shipping_methods",
            markets.flatMap { m in
                [("std", 500, "sc-std"), ("heavy", 2500, "sc-heavy")].map { kind in
                    b.record(
                        "ship-\(m.0)-\(kind.0)",
                        [
                            "name": .string("\(m.2) \(kind.0)"), "price_amount_cents": .int(Int64(kind.1)),
                            "currency_code": .string(m.1),
                        ].merging(m.0 == "us" && kind.0 == "heavy" ? ["_disable": true] : [:]) { own, _ in own },
                        [
                            "market": ["mkt-\(m.0)"], "shipping_zone": ["sz-\(m.0)"], "shipping_category": [kind.2],
                            "stock_location": ["sl-\(m.0)"],
                        ])
                }
            })
        b.add(
            "payment_methods",
            markets.map { m in
                b.record(
                    "pm-\(m.0)",
                    ["payment_source_type": "wire_transfers", "price_amount_cents": 0, "currency_code": .string(m.1)],
                    ["market": ["mkt-\(m.0)"], "payment_gateway": ["gateway"]])
            }
                + [
                    b.record(
                        "pm-ext",
                        ["payment_source_type": "external_payments", "price_amount_cents": 0, "currency_code": "EUR"],
                        ["market": ["mkt-eu"], "payment_gateway": ["gateway-ext"]])
                ])
        addCatalog(&b, markets: markets)
        addCustomers(&b, count: customerCount)
        addPromotions(&b)
        return SeedDataset(groups: b.groups)
    }

    private func addCatalog(_ b: inout Builder, markets: [(String, String, String, String)]) {
        let skuCount = 50 * scale
        let adjectives = ["Classic", "Organic", "Slim", "Vintage", "Sport", "Premium", "Everyday", "Travel"]
        let nouns = ["T-shirt", "Hoodie", "Cap", "Mug", "Backpack", "Socks", "Notebook", "Bottle", "Scarf", "Jacket"]
        b.add(
            "skus",
            (0..<skuCount).map { i in
                let heavy = i % 10 == 9
                var relationships: [String: [String]] = ["shipping_category": [heavy ? "sc-heavy" : "sc-std"]]
                if i % 7 == 0 { relationships["tags"] = ["tag-new", i % 2 == 0 ? "tag-sale" : "tag-organic"] }
                return b.record(
                    "sku-\(i)",
                    [
                        "code": .string(Self.skuCode(i)),
                        "name": .string(
                            "\(adjectives[i % adjectives.count]) \(nouns[(i / adjectives.count) % nouns.count]) \(i)"),
                        "weight": .double(Double(100 + (i * 37) % 900)), "unit_of_weight": "gr",
                        "metadata": [
                            "collection": .string(i % 2 == 0 ? "summer" : "winter"), "batch": .int(Int64(i % 5)),
                        ],
                    ],
                    relationships)
            })
        b.add(
            "prices",
            markets.flatMap { m in
                (0..<skuCount).map { i in
                    let cents = Int64(990 + (i * 131) % 9000)
                    return b.record(
                        "price-\(m.0)-\(i)",
                        [
                            "sku_code": .string(Self.skuCode(i)), "amount_cents": .int(cents),
                            "compare_at_amount_cents": .int(cents + 500),
                        ], ["price_list": ["pl-\(m.0)"]])
                }
            }
                + (0..<min(skuCount, 10)).map { i in
                    SeedDataset.Record(
                        key: "price-outlet-\(i)",
                        attributes: ["sku_code": .string(Self.skuCode(i)), "amount_cents": .int(Int64(500 + i))],
                        relationships: ["price_list": ["pl-outlet"]])
                })
        b.add(
            "price_volume_tiers",
            (0..<skuCount).filter { $0 % 10 == 0 }.flatMap { i in
                [(10, 5), (50, 10)].map { tier in
                    b.record(
                        "tier-\(i)-\(tier.0)",
                        [
                            "name": .string("Up to \(tier.0)"), "up_to": .int(Int64(tier.0)),
                            "price_amount_cents": .int(Int64(900 - tier.1 * 10)),
                        ], ["price": ["price-eu-\(i)"]])
                }
            })
        // Subscription prices: a few US prices cost less the less often they recur.
        b.add(
            "price_frequency_tiers",
            (0..<skuCount).filter { $0 % 10 == 5 }.flatMap { i in
                [("Weekly", 7, 20), ("Monthly", 30, 10)].map { tier in
                    b.record(
                        "freq-\(i)-\(tier.1)",
                        [
                            "name": .string(tier.0), "up_to": .int(Int64(tier.1)),
                            "price_amount_cents": .int(Int64(900 - tier.2 * 10)),
                        ], ["price": ["price-us-\(i)"]])
                }
            })
        b.add(
            "stock_items",
            markets.flatMap { m in
                (0..<skuCount).map { i in
                    b.record(
                        "stock-\(m.0)-\(i)",
                        ["sku_code": .string(Self.skuCode(i)), "quantity": .int(Int64((i * 17) % 250))],
                        ["stock_location": ["sl-\(m.0)"]])
                }
            })
        b.add(
            "tax_categories",
            (0..<skuCount).filter { $0 % 10 == 3 }.map { i in
                b.record(
                    "taxcat-\(i)", ["code": "31000", "sku_code": .string(Self.skuCode(i))],
                    ["tax_calculator": ["tax-calc"]])
            })
        let lists = ["Summer picks", "Gift ideas", "Back to school"]
        b.add(
            "sku_lists",
            lists.enumerated().map { b.record("list-\($0.offset)", ["name": .string($0.element), "manual": true]) })
        b.add(
            "sku_list_items",
            lists.indices.flatMap { list in
                (0..<5).map { position in
                    b.record(
                        "list-\(list)-item-\(position)",
                        [
                            "sku_code": .string(Self.skuCode((list * 5 + position) % skuCount)),
                            "position": .int(Int64(position + 1)), "quantity": 1,
                        ], ["sku_list": ["list-\(list)"]])
                }
            })
        b.add(
            "bundles",
            markets.enumerated().map { index, m in
                b.record(
                    "bundle-\(m.0)",
                    [
                        // One code in every market: a bundle's code is unique within its market.
                        "code": "STARTER-KIT", "name": .string("\(m.2) starter kit"),
                        "currency_code": .string(m.1), "price_amount_cents": 4900,
                    ],
                    ["market": ["mkt-\(m.0)"], "sku_list": ["list-\(index)"]])
            })
    }
}
