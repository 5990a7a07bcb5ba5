import CommerceLayerAPI
import Foundation
import Sandbox
import Testing

@testable import LayerCloneCore

/// Environment-specific values (a market's external URLs) never travel from test to live as
/// they are: left out and listed in the report, unless the plan's `environment_values` gives
/// the target's value.
@Suite("Environment-specific values")
struct EnvironmentValuesCloneTests {
    static let testURL = "https://prices.test.example.com/eu"

    /// Sets the test environment's first market's `external_prices_url`; returns its code.
    static func giveURL(_ fixture: DemoStoreFixture) async throws -> String {
        let market = try #require(try await fixture.server.records("markets", in: .test).first)
        let client = CommerceLayerClient(profile: try fixture.profile(.test), transport: AsyncHTTPClientTransport())
        _ = try await client.update("markets", id: market.id, attributes: ["external_prices_url": .string(testURL)])
        return try #require(market.attributes["code"]?.stringValue)
    }

    /// The live market's `external_prices_url` by code.
    static func liveURL(_ fixture: DemoStoreFixture, code: String) async throws -> String? {
        let markets = try await fixture.server.records("markets", in: .live)
        let market = try #require(markets.first { $0.attributes["code"]?.stringValue == code })
        return market.attributes["external_prices_url"]?.stringValue
    }

    @Test("an external URL is not copied and is listed under values to enter by hand")
    func withheldByDefault() async throws {
        try await DemoStoreFixture.with { fixture in
            let code = try await Self.giveURL(fixture)
            let result = try await fixture.clone(EnabledStateCloneTests.plan)
            #expect(!result.hasProblems, "\(result.verification.flatMap(\.findings))")
            #expect(try await Self.liveURL(fixture, code: code) == nil)
            let report = try String(contentsOfFile: result.reportPath, encoding: .utf8)
            #expect(report.contains("## Values to enter by hand"))
            #expect(report.contains("| markets | `code=\(code)` | external_prices_url |"), "\(report)")
            #expect(!report.contains(Self.testURL), "the report must not repeat the source's value")
        }
    }

    @Test("environment_values sets the target's value, by one value or by a map")
    func mappedByThePlan() async throws {
        try await DemoStoreFixture.with { fixture in
            let code = try await Self.giveURL(fixture)
            let live = "https://prices.example.com/eu"
            let result = try await fixture.clone(
                EnabledStateCloneTests.plan + """

                    environment_values:
                      markets:
                        external_prices_url:
                          "\(Self.testURL)": "\(live)"
                    """)
            #expect(!result.hasProblems, "\(result.verification.flatMap(\.findings))")
            #expect(try await Self.liveURL(fixture, code: code) == live)
            let report = try String(contentsOfFile: result.reportPath, encoding: .utf8)
            #expect(!report.contains("| markets | `code=\(code)` | external_prices_url |"), "\(report)")

            let single = "https://prices.example.com/all"
            let again = try await fixture.clone(
                EnabledStateCloneTests.plan + """

                    environment_values:
                      markets: {external_prices_url: "\(single)"}
                    """)
            #expect(!again.hasProblems, "\(again.verification.flatMap(\.findings))")
            #expect(try await Self.liveURL(fixture, code: code) == single)
        }
    }
}
