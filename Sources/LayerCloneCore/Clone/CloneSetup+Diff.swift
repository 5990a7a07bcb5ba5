import CommerceLayerAPI
import Foundation
import Staging

extension CloneSetup {
    /// Builds the diff of the plan's types between the two profiles (no live check: it only
    /// reads, through read-only clients).
    package func makeDiffJob(resolver: ProfileResolver, transport: any HTTPTransport) throws -> DiffJob {
        let (plan, text) = try executionPlan()
        guard let sourceName = sourceName ?? plan.source else { throw CloneError.missingProfile(side: "source") }
        guard let targetName = targetName ?? plan.target else { throw CloneError.missingProfile(side: "target") }
        let source = CommerceLayerClient(
            profile: try resolver.profile(named: sourceName), transport: transport, clock: clock, logger: logger,
            retryPolicy: retryPolicy)
        let target = CommerceLayerClient(
            profile: try resolver.profile(named: targetName), transport: transport, clock: clock, logger: logger,
            retryPolicy: retryPolicy)
        let sourceSide = CloneEnvironment(name: sourceName, client: source, jobsInFlight: plan.limits.jobsInFlight)
        let targetSide = CloneEnvironment(
            name: targetName, client: target, jobsInFlight: plan.limits.jobsInFlight, sharing: sourceSide)
        return DiffJob(
            plan: plan, planText: text, source: sourceSide.reading, target: targetSide.reading, workdir: workdir,
            events: events)
    }

    /// Builds the write of a saved diff (`planPath` is the `.lcdiff` file) into the target it was
    /// taken against (`targetName`, else the profile named in the diff): a seed of the diff's
    /// records that writes only what the diff lists, and leaves records changed in the target
    /// since the diff was taken unless `force`.
    /// - Throws: `DiffFileError` when the file is not a diff or the target is another one.
    package func makeApplyJob(resolver: ProfileResolver, transport: any HTTPTransport, force: Bool) async throws
        -> CloneJob
    {
        let snapshot = try SnapshotFile(path: planPath)
        let store = try StagingStore.open(at: planPath)
        guard let info = try store.snapshotInfo(), info["kind"]?.stringValue == "diff",
            let entries = try store.diffEntries(),
            let taken = info["target"], let organization = taken["organization"]?.stringValue,
            let environment = taken["environment"]?.stringValue
        else { throw DiffFileError.notADiff(path: planPath) }
        guard let name = targetName ?? taken["profile"]?.stringValue else {
            throw CloneError.missingProfile(side: "target")
        }
        let plan = try Planner().plan(PlanParser().parse(snapshot.planText, file: snapshot.planFile))
        var job = try await makeSeedJob(
            snapshot: snapshot, plan: plan, target: try resolver.profile(named: name), transport: transport)
        let claims = try await job.target.client.claims()
        guard claims.organizationSlug == organization, claims.environment.rawValue == environment else {
            throw DiffFileError.otherTarget(
                path: planPath, taken: "the \(environment) environment of \(organization)",
                reached: "the \(claims.environment.rawValue) environment of \(claims.organizationSlug)")
        }
        job.writeGuard.diff = DiffSelection(entries, force: force)
        return job
    }
}
