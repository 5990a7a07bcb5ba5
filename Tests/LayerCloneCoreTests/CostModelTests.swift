import ResourceCatalog
import Testing

@testable import LayerCloneCore

@Suite("Cost model")
struct CostModelTests {
    func plan(_ yaml: String) throws -> ExecutionPlan {
        try Planner().plan(try PlanParser().parse(yaml))
    }

    @Test("jobs, REST calls and lookups follow the counts and chunk sizes")
    func perStep() throws {
        let plan = try plan("resources:\n  prices:\nlimits: {export_chunk: 5000, import_chunk: 10000}\n")
        let estimate = CostModel().estimate(
            plan, counts: ["prices": 12_000, "skus": 10_000, "price_lists": 3, "shipping_categories": 2])
        let prices = try #require(estimate.steps.first { $0.type == "prices" })
        #expect(prices.exportJobs == 3)
        #expect(prices.importJobs == 2)
        #expect(prices.restCalls == 0)
        #expect(prices.lookups == 480)
        // prices are cacheable: 1 count + 2 boundary GETs; 3 exports × (create + 2 polls).
        #expect(prices.sourceRequests == RequestCount(cacheable: 3, other: 9))
        // 2 imports (create) are "other"; their 4 polls and 480 lookups are cacheable.
        #expect(prices.targetRequests == RequestCount(cacheable: 484, other: 2))
        let lists = try #require(estimate.steps.first { $0.type == "price_lists" })
        #expect(lists.restCalls == 3 && lists.importJobs == 0)
    }

    @Test("a type other types wait for counts its imports spread over the job slots")
    func spreadImports() throws {
        let plan = try plan("resources:\n  skus:\n  prices:\n")
        #expect(plan.waitedFor.contains("skus"))
        #expect(!plan.waitedFor.contains("prices"))
        let estimate = CostModel().estimate(plan, counts: ["skus": 16_400, "prices": 16_400])
        // skus: 10 imports of 1,640 (prices wait for them); prices: 2 of 8,200.
        #expect(estimate.steps.first { $0.type == "skus" }?.importJobs == 10)
        #expect(estimate.steps.first { $0.type == "prices" }?.importJobs == 2)
    }

    @Test("small sets are read page by page; tiers nested in price imports make no REST calls")
    func pagesAndNesting() throws {
        let plan = try plan("resources:\n  prices:\n  price_volume_tiers:\n")
        let estimate = CostModel().estimate(
            plan, counts: ["prices": 1_000, "price_volume_tiers": 60, "skus": 500, "price_lists": 3])
        let tiers = try #require(estimate.steps.first { $0.type == "price_volume_tiers" })
        #expect(tiers.restCalls == 0)
        // 60 records: no export, 1 count + 3 pages of 25.
        #expect(tiers.exportJobs == 0)
        #expect(tiers.sourceRequests == RequestCount(cacheable: 0, other: 4))
        let lists = try #require(estimate.steps.first { $0.type == "price_lists" })
        #expect(lists.exportJobs == 0 && lists.sourceRequests == RequestCount(cacheable: 2, other: 0))
    }

    @Test("the least wall time is bounded by the slower environment's budget")
    func wallTime() throws {
        let plan = try plan("include_parents: false\nresources:\n  markets:\n")
        // 600 REST markets on a live target at 200 other requests/min: at least 3 minutes of writes,
        // plus lookups (24 cacheable GETs) and 600 deferred-patch calls? none here: no cycle in scope.
        let estimate = CostModel(source: .test, target: .live).estimate(plan, counts: ["markets": 600])
        #expect(estimate.targetRequests.other == 600)
        #expect(estimate.targetSeconds == 180)
        #expect(estimate.minimumSeconds == 180)
        let halved = CostModel(source: .test, target: .test).estimate(plan, counts: ["markets": 600])
        #expect(halved.minimumSeconds == 360)
    }

    @Test("job caps bound the time when requests are few")
    func jobCap() throws {
        let plan = try plan(
            "include_parents: false\nresources:\n  skus:\nlimits: {export_chunk: 100, jobs_in_flight: 2}\n")
        let estimate = CostModel(minimumJobSeconds: 10).estimate(plan, counts: ["skus": 1_000])
        // 10 exports, 2 at a time, 10 s each.
        #expect(estimate.sourceSeconds == 50)
    }

    @Test("no records, no work")
    func empty() throws {
        let estimate = CostModel().estimate(try plan("resources:\n  skus:\n"), counts: [:], countRequests: false)
        #expect(estimate.sourceRequests.total == 0 && estimate.targetRequests.total == 0)
        #expect(estimate.minimumSeconds == 0)
    }
}
