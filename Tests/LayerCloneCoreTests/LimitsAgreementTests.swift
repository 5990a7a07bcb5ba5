import CommerceLayerAPI
import ResourceCatalog
import Testing

@testable import LayerCloneCore
@testable import Sandbox

/// Commerce Layer's limits are defined once (`CommerceLayerLimits`); the client, the planner,
/// the clone, the sandbox's defaults and the benchmarks' timing profile read them. Each check
/// fails when one of them drifts to a number of its own.
@Suite("Commerce Layer limits: one definition")
struct LimitsAgreementTests {
    typealias Limits = CommerceLayerLimits

    @Test("the definition holds the documented numbers")
    func documented() {
        #expect(Limits.liveCacheable == .init(perMinute: 1_000, perBurst: 250))
        #expect(Limits.liveOther == .init(perMinute: 200, perBurst: 50))
        #expect(Limits.rate(cacheable: true, live: false) == .init(perMinute: 500, perBurst: 125))
        #expect(Limits.rate(cacheable: false, live: false) == .init(perMinute: 100, perBurst: 25))
        #expect(Limits.averageWindowSeconds == 60 && Limits.burstWindowSeconds == 10)
        #expect(Limits.tokenPerMinute == 30)
        #expect(Limits.maxPageSize == 25 && Limits.defaultPageSize == 10)
        #expect(Limits.jobsInFlight == 10)
        #expect(Limits.exportMaxRecords == 10_000 && Limits.exportChunk == 5_000)
        #expect(Limits.importMaxInputs == 10_000 && Limits.importMaxInputsBefore2023 == 2_000)
    }

    @Test("the client paces and pages by them")
    func client() {
        for (budgets, live) in [(RateBudgets.live, true), (RateBudgets.test, false)] {
            for cacheable in [true, false] {
                let rate = Limits.rate(cacheable: cacheable, live: live)
                let budget = budgets[cacheable ? .cacheable : .other]
                #expect(budget.average == rate.perMinute && budget.burst == rate.perBurst)
                #expect(budget.averageWindow == .seconds(Limits.averageWindowSeconds))
                #expect(budget.burstWindow == .seconds(Limits.burstWindowSeconds))
            }
            #expect(budgets.auth.average == Limits.tokenPerMinute)
        }
        #expect(Query.maxPageSize == Limits.maxPageSize)
        #expect(Query().pageSize(1_000).size == Limits.maxPageSize)
    }

    @Test("the planner's cost inputs and the plan limits are them")
    func planner() {
        let model = CostModel()
        #expect(model.source.cacheablePerMinute == Limits.rate(cacheable: true, live: false).perMinute)
        #expect(model.source.otherPerMinute == Limits.rate(cacheable: false, live: false).perMinute)
        #expect(model.target.cacheablePerMinute == Limits.liveCacheable.perMinute)
        #expect(model.target.otherPerMinute == Limits.liveOther.perMinute)
        #expect(CostModel.lookupPageSize == Limits.maxPageSize)
        let limits = PlanLimits.standard
        #expect(limits.exportChunk == Limits.exportChunk)
        #expect(limits.importChunk == Limits.importMaxInputs)
        #expect(limits.jobsInFlight == Limits.jobsInFlight)
        #expect(PlanLimits.maxExportChunk == Limits.exportMaxRecords)
        #expect(PlanLimits.maxImportChunk == Limits.importMaxInputs)
        #expect(PlanLimits.maxJobsInFlight == Limits.jobsInFlight)
        #expect(ImportCap().value == Limits.importMaxInputs)
    }

    @Test("the sandbox enforces them by default")
    func sandbox() {
        let configuration = SandboxConfiguration()
        #expect(configuration.limits.exportMaxRecords == Limits.exportMaxRecords)
        #expect(configuration.limits.importMaxInputs == Limits.importMaxInputs)
        #expect(configuration.server.tokenLifetime == Limits.tokenLifetimeSeconds)
        #expect(configuration.limits.attachmentTTL == Limits.attachmentURLLifetimeSeconds)
        #expect(configuration.limits.rateLimits == .real)
        #expect(JobRegistry.activeCap == Limits.jobsInFlight)
        #expect(ListRequest.maximumPageSize == Limits.maxPageSize)
        #expect(ListRequest.defaultPageSize == Limits.defaultPageSize)
        for environment in [SandboxEnvironment.live, .test] {
            for limitClass in [RateLimitClass.cacheable, .other] {
                let rate = Limits.rate(cacheable: limitClass == .cacheable, live: environment == .live)
                let budgets = limitClass.budgets(environment: environment)
                #expect(budgets.average == rate.perMinute && budgets.burst == rate.perBurst)
            }
        }
        #expect(RateLimitClass.auth.budgets(environment: .live).average == Limits.tokenPerMinute)
        // The limiter's first answer: the burst window binds (49 left of 50 in 10 s).
        let limiter = RateLimiter(mode: .real, clock: SandboxClock())
        let decision = limiter.admit(environment: .live, limitClass: .other, endpoint: "POST /api/skus")
        #expect(decision.limit == Limits.liveOther.perBurst && decision.interval == Limits.burstWindowSeconds)
        #expect(decision.remaining == Limits.liveOther.perBurst - 1)
    }

    @Test("the benchmarks' timing profile counts with them")
    func bench() {
        let profile = TimingProfile.realistic
        #expect(profile.jobsPerKind == Limits.jobsInFlight)
        for live in [true, false] {
            for cacheable in [true, false] {
                #expect(
                    profile.perMinute(cacheable: cacheable, live: live)
                        == Limits.rate(cacheable: cacheable, live: live).perMinute)
            }
        }
    }
}
