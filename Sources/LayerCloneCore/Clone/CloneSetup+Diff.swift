import CommerceLayerAPI
import Foundation
import Staging

extension CloneSetup {
    /// Builds the diff of the plan's types between the two profiles (no live check: it only
    /// reads, through read-only clients).
    package func makeDiffJob(resolver: ProfileResolver, transport: any HTTPTransport) throws -> DiffJob {
        let (plan, text) = try executionPlan()
        let sides = try readingSides(plan, resolver: resolver, transport: transport)
        return DiffJob(
            plan: plan, planText: text, source: sides.source, target: sides.target, workdir: workdir, events: events)
    }

    /// Builds a verification of the plan's types between the two profiles (no live check: it
    /// only reads, through read-only clients).
    package func makeVerifyJob(resolver: ProfileResolver, transport: any HTTPTransport) throws -> VerifyJob {
        let (plan, _) = try executionPlan()
        let sides = try readingSides(plan, resolver: resolver, transport: transport)
        return VerifyJob(plan: plan, source: sides.source, target: sides.target, workdir: workdir, events: events)
    }

    /// Both profiles as reading sides (the target shares the source's job slots).
    private func readingSides(_ plan: ExecutionPlan, resolver: ProfileResolver, transport: any HTTPTransport) throws
        -> (source: ReadingSide, target: ReadingSide)
    {
        guard let sourceName = sourceName ?? plan.source else { throw CloneError.missingProfile(side: "source") }
        guard let targetName = targetName ?? plan.target else { throw CloneError.missingProfile(side: "target") }
        func client(_ name: String) throws -> CommerceLayerClient {
            clients.client(for: try resolver.profile(named: name), transport: transport)
        }
        let source = CloneEnvironment(
            name: sourceName, client: try client(sourceName), jobsInFlight: plan.limits.jobsInFlight)
        let target = CloneEnvironment(
            name: targetName, client: try client(targetName), jobsInFlight: plan.limits.jobsInFlight, sharing: source)
        return (source.reading, target.reading)
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
        guard let info = try store.runFile.snapshotInfo(), info["kind"]?.stringValue == "diff",
            let entries = try store.runFile.diffEntries(),
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
        job.writePolicy.writeGuard.diff = DiffSelection(entries, force: force)
        return job
    }
}
