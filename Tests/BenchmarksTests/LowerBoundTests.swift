import Foundation
import LayerCloneCore
import ResourceCatalog
import Sandbox
import Testing

@testable import Benchmarks

@Suite("Lower bound of a plan")
struct LowerBoundTests {
    /// Round numbers: 5 s start latency, 1,000 exported and 100 imported records per second per
    /// job, 0.1 s per request, 10 jobs of a kind, the documented budgets.
    let profile = TimingProfile(
        name: "test", jobStartLatency: 5, exportRecordsPerSecond: 1_000, importRecordsPerSecond: 100,
        requestLatency: 0.1)
    /// `plans/<name>.yml` of the package (three levels above this file).
    static func planPath(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("plans/\(name).yml").path
    }

    var bound: LowerBound { LowerBound(profile: profile, exportChunk: 5_000, importChunk: 10_000) }

    @Test("one small imported type: read by pages, one import job")
    func oneType() {
        // Read: 40 pages fit the first window of 500 cacheable GETs → 0.1 s (an export needs 6 s).
        // Write: 5 s + 1,000 / 100 = 15 s. Total 15.1 s.
        let estimate = bound.estimate([.init(type: "skus", records: 1_000, method: .import)])
        #expect(abs(estimate.seconds - 15.1) < 1e-9)
        #expect(estimate.criticalPath == ["skus"])
        #expect(abs(estimate.importSlotSeconds - 1.5) < 1e-9)
    }

    @Test("a chain: code parents wait for the write, id parents also for the id read-back")
    func chain() {
        let steps: [LowerBound.Step] = [
            .init(type: "skus", records: 20_000, method: .import),
            .init(
                type: "prices", records: 40_000, method: .import, parents: [.init("skus", needsTargetIDs: false)]),
            .init(
                type: "price_volume_tiers", records: 500, method: .rest,
                parents: [.init("prices", needsTargetIDs: true)]),
        ]
        let estimate = bound.estimate(steps)
        // skus: export 4 × 5,000 → max(5 + 5, (20 + 20) / 10) = 10 s; imports 2 × 10,000 →
        // max(5 + 100, 210 / 10) = 105 s → landed at 115 s.
        #expect(abs(estimate.landed["skus"]! - 115) < 1e-9)
        // prices wait for skus to land (code parent): 115 + max(105, 420 / 10) = 220 s.
        #expect(abs(estimate.landed["prices"]! - 220) < 1e-9)
        // tiers need the prices' target ids: read back by export (10 s, pages would take
        // 60.1 s) → 230 s; 500 POSTs at 200 a minute: 3 windows → 120.1 s → 350.1 s.
        #expect(abs(estimate.landed["price_volume_tiers"]! - 350.1) < 1e-9)
        #expect(abs(estimate.seconds - 350.1) < 1e-9)
        #expect(estimate.criticalPath == ["skus", "prices", "price_volume_tiers"])
        // 6 import jobs of 630 job-seconds; 12 source and 8 target export jobs (200 s).
        #expect(abs(estimate.importSlotSeconds - 63) < 1e-9)
        #expect(abs(estimate.exportSlotSeconds - 20) < 1e-9)
        // 6 import creates and 500 POSTs on live: 3 windows.
        #expect(abs(estimate.rateSeconds - 120.1) < 1e-9)
    }

    @Test("children nested in their parent's imports add to its jobs' work and make no requests")
    func nestedChildren() {
        var tiers = LowerBound.Step(
            type: "price_volume_tiers", records: 500, method: .rest, parents: [.init("prices", needsTargetIDs: false)])
        tiers.nestedIn = "prices"
        let estimate = bound.estimate([
            .init(type: "skus", records: 20_000, method: .import),
            .init(
                type: "prices", records: 40_000, method: .import, parents: [.init("skus", needsTargetIDs: false)]),
            tiers,
        ])
        // prices: 40,500 records of work in 4 jobs of 10,000 inputs: 100 × 40,000 / 40,500 inputs
        // a second; largest job 5 + 101.25 s, job-seconds (20 + 405) / 10 → 106.25 s after
        // skus landed at 115 s. The tiers land with them.
        #expect(abs(estimate.landed["prices"]! - 221.25) < 1e-9)
        #expect(abs(estimate.landed["price_volume_tiers"]! - 221.25) < 1e-9)
        #expect(abs(estimate.seconds - 221.25) < 1e-9)
        // 6 import creates and no POST: well inside the first window.
        #expect(abs(estimate.rateSeconds - 0.1) < 1e-9)
    }

    @Test("to-many relationships are set after the type's ids are known, beside its children")
    func toManyPatches() {
        var skus = LowerBound.Step(type: "skus", records: 20_000, method: .import)
        skus.toManyPatches = 500
        let estimate = bound.estimate([
            skus,
            .init(
                type: "prices", records: 40_000, method: .import, parents: [.init("skus", needsTargetIDs: false)]),
        ])
        // skus land at 115 s (see the chain above); prices do not wait for the tags: 220 s.
        #expect(abs(estimate.landed["prices"]! - 220) < 1e-9)
        // skus' ids are read back by pages (800 cacheable GETs fit one window: 0.1 s) → 115.1 s;
        // 500 PATCHes at 200 a minute: 3 windows → 120.1 s → 235.2 s, the end.
        #expect(abs(estimate.seconds - 235.2) < 1e-9, "\(estimate)")
        #expect(estimate.criticalPath == ["skus"])
    }

    @Test("independent types bound by the import slots, not the path")
    func slotsBind() {
        let estimate = bound.estimate([
            .init(type: "skus", records: 100_000, method: .import),
            .init(type: "stock_items", records: 100_000, method: .import),
        ])
        // Each: read 20 s by export, 10 imports → max(105, 1,050 / 10) = 105 s → 125 s; both
        // share 10 import slots: 2,100 / 10 = 210 s.
        #expect(abs(estimate.pathSeconds - 125) < 1e-9)
        #expect(abs(estimate.seconds - 210) < 1e-9)
    }

    @Test("a type's records are shared evenly by as few jobs as the chunk size allows")
    func evenJobs() {
        let estimate = bound.estimate([.init(type: "skus", records: 17_000, method: .import)])
        // Read: 4 exports of 4,250 → 5 + 4.25 = 9.25 s. Write: 2 imports of 8,500 (not 10,000
        // and 7,000) → 5 + 85 = 90 s. Total 99.25 s.
        #expect(abs(estimate.pathSeconds - 99.25) < 1e-9)
    }

    @Test("a type others wait for is spread over the slots, in imports of at least 1,000 inputs")
    func spread() {
        var skus = LowerBound.Step(type: "skus", records: 20_000, method: .import)
        skus.spread = 10
        // Read 10 s as in `chain`; 10 imports of 2,000 → max(5 + 20, (50 + 200) / 10) = 25 s.
        #expect(abs(bound.estimate([skus]).landed["skus"]! - 35) < 1e-9)
        // 5,000 records: read by 200 pages (0.1 s); 5 imports of 1,000 (not 10 of 500) → 5 + 10.
        skus.records = 5_000
        #expect(abs(bound.estimate([skus]).landed["skus"]! - 15.1) < 1e-9)
    }

    @Test("deferred patches follow the last write")
    func patches() {
        let estimate = bound.estimate([
            .init(type: "markets", records: 2, method: .rest, cacheable: false, deferredRelationships: 1)
        ])
        // Read 0.1 s, 2 POSTs 0.1 s, 2 PATCHes 0.1 s.
        #expect(abs(estimate.seconds - 0.3) < 1e-9)
    }

    @Test("the store-setup plan: prices wait for skus by code, tiers ride in the prices' imports")
    func fromPlan() throws {
        let plan = try Planner().plan(PlanParser().parse(fileAt: Self.planPath("store-setup")))
        let steps = LowerBound.steps(of: plan, counts: ["skus": 100, "prices": 200, "price_volume_tiers": 20])
        let prices = try #require(steps.first { $0.type == "prices" })
        let tiers = try #require(steps.first { $0.type == "price_volume_tiers" })
        #expect(prices.parents.contains(.init("skus", needsTargetIDs: false)))
        #expect(tiers.parents.contains(.init("prices", needsTargetIDs: false)))
        #expect(tiers.nestedIn == "prices")
        #expect(tiers.records == 20)
        // Prices wait for skus: skus' imports are spread over the slots; the tiers ride in the
        // prices' imports, so the prices' are not.
        #expect(steps.first { $0.type == "skus" }?.spread == 10)
        #expect(prices.spread == 1)
        let positions = Dictionary(uniqueKeysWithValues: steps.enumerated().map { ($1.type, $0) })
        for step in steps {
            for parent in step.parents { #expect(positions[parent.type, default: .max] < positions[step.type]!) }
        }
        #expect(bound.estimate(steps).seconds > 0)
    }

    @Test("the benchmark line carries the issue's keys and its ratios")
    func benchmarkLine() {
        let estimate = bound.estimate([.init(type: "skus", records: 1_000, method: .import)])
        let run = CloneBenchmark.Measurement(
            wallSeconds: 30.2, recordsWritten: 1_000, sourceRecords: 1_000, rejected: 0, requests: 12, rateLimited: 0)
        var baseline = run
        baseline.wallSeconds = 90.6
        let line = CloneBenchmark.line(run, bound: estimate, peakResidentBytes: 1 << 20, baseline: baseline)
        for key in [
            "records", "wall_seconds", "bound_seconds", "ratio", "requests_per_1000", "http_429", "peak_rss_bytes",
            "baseline_seconds", "speedup",
        ] {
            #expect(line[key] != nil, "missing \(key)")
        }
        #expect(line["ratio"]?.doubleValue == 2)
        #expect(line["speedup"]?.doubleValue == 3)
        #expect(line["requests_per_1000"]?.doubleValue == 12)
        #expect(CloneBenchmark.line(run, bound: estimate, peakResidentBytes: 0, baseline: nil)["speedup"] == nil)
        // A median of several runs lists every run's wall time; a single run does not.
        #expect(line["runs_wall_seconds"] == nil)
        let median = CloneBenchmark.line(
            run, bound: estimate, peakResidentBytes: 0, baseline: nil, runsWallSeconds: [31.004, 30.2, 29.9])
        #expect(median["runs_wall_seconds"]?.arrayValue?.compactMap(\.doubleValue) == [31, 30.2, 29.9])
    }
}
