import ResourceCatalog
import Sandbox
import Testing

/// `price_tiers` nested in a price import take one form of `type` (`nestedTypeForm`): the
/// other form, or none, fails the input as a whole, logged in `errors_log`.
@Suite("Sandbox nested type form")
struct NestedTypeFormTests {
    @Test(
        "nested tiers in the switch's form are created; the other form or none fails the input",
        arguments: NestedTypeForm.allCases)
    func accepts(form: NestedTypeForm) async throws {
        try await JobsHarness.with(JobsHarness.configuration { $0.behaviours.nestedTypeForm = form }) { harness in
            try await harness.server.seed(JobFixtures.catalog(skus: 4, prices: false), into: .test)
            try await harness.server.seed(
                SeedDataset(groups: [
                    SeedDataset.Group(
                        type: "price_lists",
                        records: [
                            .init(key: "pl", attributes: ["name": "EU", "code": "PL-EUR", "currency_code": "EUR"])
                        ])
                ]), into: .test)
            let list = try #require(try await harness.server.records("price_lists", in: .test).first)
            func tier(_ type: String?, _ name: String) -> JSONValue {
                var object: [String: JSONValue] = ["name": .string(name), "up_to": 10, "price_amount_cents": 500]
                if let type { object["type"] = .string(type) }
                return .object(object)
            }
            let accepted = form == .className ? "PriceVolumeTier" : "price_volume_tiers"
            let refused = form == .className ? "price_volume_tiers" : "PriceVolumeTier"
            let frequency = form == .className ? "PriceFrequencyTier" : "price_frequency_tiers"
            let inputs: JSONValue = [
                [
                    "sku_code": "SKU-01", "amount_cents": 100,
                    "price_tiers": [tier(accepted, "bulk"), tier(frequency, "weekly")],
                ],
                ["sku_code": "SKU-02", "amount_cents": 200, "price_tiers": [tier(refused, "bulk")]],
                ["sku_code": "SKU-03", "amount_cents": 300, "price_tiers": [tier(nil, "bulk")]],
                ["sku_code": "SKU-04", "amount_cents": 400],
            ]
            let done = try await harness.run(
                "imports",
                [
                    "resource_type": "prices", "parent_resource_id": .string(list.id), "inputs": inputs,
                    "skip_errors": true,
                ])
            #expect(done.attributes?["status"] == "completed")
            #expect(done.attributes?["processed_count"] == 2)
            #expect(done.attributes?["errors_count"] == 2)
            let log = try #require(done.attributes?["errors_log"])
            #expect(log["SKU-02"]?["price_tiers.type"]?.arrayValue?.isEmpty == false, "\(log)")
            #expect(log["SKU-03"]?["price_tiers.type"]?.arrayValue?.isEmpty == false, "\(log)")
            // All or nothing: a failed input leaves no price behind.
            let prices = try await harness.server.records("prices", in: .test)
            #expect(Set(prices.compactMap { $0.attributes["sku_code"]?.stringValue }) == ["SKU-01", "SKU-04"])
            let withTiers = try #require(prices.first { $0.attributes["sku_code"] == "SKU-01" })
            let volume = try await harness.server.records("price_volume_tiers", in: .test)
            #expect(volume.map(\.id).count == 1 && volume.first?.relatedID("price") == withTiers.id)
            // Tiers are polymorphic: a frequency tier rides in the same array.
            let weekly = try await harness.server.records("price_frequency_tiers", in: .test)
            #expect(weekly.count == 1 && weekly.first?.relatedID("price") == withTiers.id)
        }
    }
}
