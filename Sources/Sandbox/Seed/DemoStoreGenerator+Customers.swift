import ResourceCatalog

/// The demo store's customers and promotions, and the random source it is generated with.
extension DemoStoreGenerator {
    func addCustomers(_ b: inout Builder, count: Int) {
        let first = ["Ada", "Luca", "Mia", "Noah", "Sofia", "Leo", "Emma", "Marco", "Giulia", "Ethan"]
        let last = ["Rossi", "Smith", "Bianchi", "Johnson", "Ferrari", "Brown", "Russo", "Davis"]
        b.add(
            "customers",
            (0..<count).map { i in
                var relationships: [String: [String]] = [:]
                if i % 5 == 0 { relationships["customer_group"] = [i % 10 == 0 ? "cg-vip" : "cg-wholesale"] }
                let name = "\(first[i % first.count].lowercased()).\(last[(i / first.count) % last.count].lowercased())"
                return b.record(
                    "customer-\(i)",
                    [
                        "email": .string("\(name).\(i)@example.com"),
                        "metadata": ["newsletter": .bool(i % 2 == 0)],
                    ], relationships)
            })
        b.add(
            "customer_addresses",
            (0..<count).map { i in
                b.record("customer-address-\(i)", [:], ["customer": ["customer-\(i)"], "address": ["addr-c\(i)"]])
            })
    }

    func addPromotions(_ b: inout Builder) {
        b.add(
            "percentage_discount_promotions",
            [
                b.record(
                    "promo",
                    [
                        "name": "Spring sale", "percentage": 15,
                        "starts_at": "2026-03-01T00:00:00.000Z", "expires_at": "2026-06-01T00:00:00.000Z",
                    ], ["market": ["mkt-eu"]])
            ])
        b.add("coupon_codes_promotion_rules", [b.record("promo-rule", [:], ["promotion": ["promo"]])])
        b.add(
            "coupons",
            (0..<(10 * scale)).map { i in
                b.record(
                    "coupon-\(i)", ["code": .string("SPRING\(1000 + i)"), "usage_limit": 1],
                    ["promotion_rule": ["promo-rule"]])
            })
        b.add(
            "gift_cards",
            (0..<(5 * scale)).map { i in
                b.record(
                    "gift-\(i)",
                    [
                        "code": .string("GIFT-\(10_000 + i)"), "balance_cents": .int(Int64(2500 * (1 + i % 4))),
                        "currency_code": "EUR",
                    ], ["market": ["mkt-eu"]])
            })
    }

    /// The code of the demo sku with this index (`DEMO-SKU-000001`).
    package static func skuCode(_ index: Int) -> String {
        let digits = String(index)
        return "DEMO-SKU-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    static func address(index: Int, country: String, company: String?) -> [String: JSONValue] {
        let cities =
            country == "IT" ? ["Milano", "Roma", "Torino", "Firenze"] : ["Austin", "Boston", "Denver", "Seattle"]
        var attributes: [String: JSONValue] = [
            "line_1": .string("\(10 + index % 190) Demo Street"), "city": .string(cities[index % cities.count]),
            "zip_code": .string(String(10_000 + (index * 7919) % 89_999)), "country_code": .string(country),
            "phone": .string("+1 555 \(1000 + index % 9000)"), "first_name": "Demo",
            "last_name": .string("Customer \(index)"),
        ]
        if let company {
            attributes["company"] = .string(company)
            attributes["business"] = true
        }
        return attributes
    }
}

/// SplitMix64, a small deterministic generator.
struct SplitMix: Sendable {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
