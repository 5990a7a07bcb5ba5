import CommerceLayerAPI
import Foundation
import ResourceCatalog
import Sandbox
import Testing

@testable import LayerCloneCore

/// A market taxed by an external tax calculator: the calculator is re-created as an external
/// one, its endpoint (which belongs to the source's environment) from the plan, and the market
/// points at it.
@Suite("Tax calculator kinds")
struct TaxCalculatorKindsCloneTests {
    @Test("an external tax calculator is cloned as itself and its market points at it")
    func externalCalculator() async throws {
        try await DemoStoreFixture.with { fixture in
            let client = CommerceLayerClient(profile: try fixture.profile(.test), transport: AsyncHTTPClientTransport())
            let calculator = try await client.create(
                "external_tax_calculators",
                attributes: ["name": "Tax service", "tax_calculator_url": "https://tax.test.example.com"])
            let market = try #require(try await fixture.server.records("markets", in: .test).first)
            _ = try await client.update(
                "markets", id: market.id, attributes: [:],
                relationships: [
                    "tax_calculator": .toOne(ResourceIdentifier(type: "external_tax_calculators", id: calculator.id))
                ])
            let code = try #require(market.attributes["code"]?.stringValue)

            let result = try await fixture.clone(
                EnabledStateCloneTests.plan + """

                    environment_values:
                      external_tax_calculators: {tax_calculator_url: "https://tax.example.com"}
                    """)
            #expect(!result.hasProblems, "\(result.verification.flatMap(\.findings))")
            let live = try await fixture.server.records("external_tax_calculators", in: .live)
            #expect(live.map { $0.attributes["name"] } == ["Tax service"])
            #expect(live.first?.attributes["tax_calculator_url"] == "https://tax.example.com")
            let markets = try await fixture.server.records("markets", in: .live)
            let liveMarket = try #require(markets.first { $0.attributes["code"]?.stringValue == code })
            let link = liveMarket.relationships["tax_calculator"]?.refs.first
            #expect(link == RecordRef(type: "external_tax_calculators", id: try #require(live.first).id))
        }
    }
}
