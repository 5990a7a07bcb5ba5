import CommerceLayerAPI
import Foundation
import Logging
import ResourceCatalog

/// Everything a clone needs from the command line, turned into a ready `CloneJob`: the plan
/// read and planned, both profiles resolved, the live-target safety check passed.
package struct CloneSetup: Sendable {
    /// The plan file.
    package var planPath: String
    /// Profile names; nil takes the plan's `source` / `target`.
    package var sourceName: String?
    package var targetName: String?
    /// Writing to a live environment was allowed on the command line.
    package var allowLive = false
    /// Asks the person at the terminal to type the organization slug to confirm a live
    /// target; nil when nobody can be asked (not a terminal, `--json`).
    package var confirmLive: (@Sendable (_ organization: String) -> Bool)?
    package var workdir: URL
    package var events: any EventSink
    package var crash: CrashPoints = .none
    package var pollSchedule: PollSchedule = .standard
    /// How long the API may stay unreachable before the run stops (exit 69, resumable).
    package var outageBudget: Duration = RetryPolicy.standard.outageBudget
    /// The clients' clock: pacing, backoff, job polls and the outage budget run on it.
    package var clock: any APIClock = SystemAPIClock()

    /// The clients' retry policy, with the outage budget.
    var retryPolicy: RetryPolicy {
        var policy = RetryPolicy.standard
        policy.outageBudget = outageBudget
        return policy
    }
    /// Start afresh instead of resuming (`CloneJob.restart`).
    package var restart = false
    /// Stop a type whose source records carry attributes the catalog does not know
    /// (`CloneJob.strictFields`).
    package var strictFields = false
    /// Writes records changed in the target since layerclone last wrote them
    /// (`WriteGuard.overwriteDrift`).
    package var overwriteDrift = false
    /// Deletes target records the source lacks, at most so many (`CloneJob.prune`).
    package var prune: PruneRule?
    package var logger = Logger(label: "layerclone")
    /// Receives one line about the target before the run starts: the behaviours `layerclone
    /// probe` found for its organization and environment, or the safest ones assumed without
    /// a probe (`Capabilities.notice`). Nil says nothing.
    package var notice: (@Sendable (String) -> Void)?

    package init(planPath: String, workdir: URL, events: any EventSink) {
        self.planPath = planPath
        self.workdir = workdir
        self.events = events
    }

    /// Reads and plans the plan file.
    /// - Throws: `PlanError` (with `file:line:column` messages) or `PlannerError`.
    package func executionPlan(catalog: ResourceCatalog = .commerceLayer) throws -> (ExecutionPlan, String) {
        let text = try PlanFile.read(planPath)
        let plan = try PlanParser(catalog: catalog).parse(text, file: planPath)
        return (try Planner(catalog: catalog).plan(plan), text)
    }

    /// Builds a snapshot of the plan's types read from the source profile into `output`.
    package func makeSnapshotJob(output: String, resolver: ProfileResolver, transport: any HTTPTransport) throws
        -> SnapshotJob
    {
        let (plan, text) = try executionPlan()
        guard let sourceName = sourceName ?? plan.source else { throw CloneError.missingProfile(side: "source") }
        let client = CommerceLayerClient(
            profile: try resolver.profile(named: sourceName), transport: transport, clock: clock,
            logger: logger, retryPolicy: retryPolicy)
        let source = CloneEnvironment(name: sourceName, client: client, jobsInFlight: plan.limits.jobsInFlight)
        return SnapshotJob(plan: plan, planText: text, source: source, output: output, workdir: workdir, events: events)
    }

    /// Builds the replay of a snapshot into the target profile (`planPath` is the snapshot, or
    /// a folder in the format of Commerce Layer's seeder).
    package func makeSeedJob(resolver: ProfileResolver, transport: any HTTPTransport) async throws -> CloneJob {
        var isFolder: ObjCBool = false
        let snapshot: SnapshotFile
        if FileManager.default.fileExists(atPath: planPath, isDirectory: &isFolder), isFolder.boolValue {
            let folder = URL(fileURLWithPath: planPath, isDirectory: true).standardizedFileURL
            try FileManager.default.createDirectory(at: workdir, withIntermediateDirectories: true)
            let output = workdir.appendingPathComponent("seeder-\(StableHash.hex(folder.path)).lcsnap").path
            let seeder = SeederFolder(url: folder)
            let contents = try seeder.read()
            for line in contents.notSeeded { events.emit(.warning(line)) }
            snapshot = try seeder.makeSnapshot(contents, output: output)
        } else {
            snapshot = try SnapshotFile(path: planPath)
        }
        guard let targetName else { throw CloneError.missingProfile(side: "target") }
        let plan = try Planner().plan(PlanParser().parse(snapshot.planText, file: snapshot.planFile))
        let target = try resolver.profile(named: targetName)
        return try await makeSeedJob(snapshot: snapshot, plan: plan, target: target, transport: transport)
    }

    /// Builds the replay of a snapshot into a target profile.
    package func makeSeedJob(snapshot: SnapshotFile, plan: ExecutionPlan, target: Profile, transport: any HTTPTransport)
        async throws -> CloneJob
    {
        let client = CommerceLayerClient(
            profile: target, transport: transport, clock: clock, logger: logger, retryPolicy: retryPolicy)
        let claims = try await client.claims()
        try confirmTarget(claims)
        let targetSide = CloneEnvironment(
            name: target.name, client: client, jobsInFlight: plan.limits.jobsInFlight, pollSchedule: pollSchedule)
        var job = CloneJob(
            plan: plan, planText: snapshot.planText, source: .snapshot(snapshot), target: targetSide, workdir: workdir,
            events: events, crash: crash)
        job.capabilities = readCapabilities(claims)
        job.writeGuard = WriteGuard(ledger: try openLedger(claims), overwriteDrift: overwriteDrift)
        job.prune = prune
        job.restart = restart
        return job
    }

    /// Builds the job from profiles found by `resolver`.
    package func makeJob(resolver: ProfileResolver, transport: any HTTPTransport) async throws -> CloneJob {
        let (plan, text) = try executionPlan()
        guard let sourceName = sourceName ?? plan.source else { throw CloneError.missingProfile(side: "source") }
        guard let targetName = targetName ?? plan.target else { throw CloneError.missingProfile(side: "target") }
        guard sourceName != targetName else {
            throw CloneError.sameEnvironment(source: sourceName, target: targetName, environment: nil)
        }
        let sourceProfile = try resolver.profile(named: sourceName)
        let targetProfile = try resolver.profile(named: targetName)
        return try await makeJob(
            plan: plan, planText: text, source: sourceProfile, target: targetProfile, transport: transport)
    }

    /// Builds the job for two profiles (the demo builds its profiles from the sandbox).
    package func makeJob(
        plan: ExecutionPlan, planText: String, source: Profile, target: Profile, transport: any HTTPTransport
    ) async throws -> CloneJob {
        let sides = try await CloneEnvironment.pair(
            source: (
                source.name,
                CommerceLayerClient(
                    profile: source, transport: transport, clock: clock, logger: logger, retryPolicy: retryPolicy)
            ),
            target: (
                target.name,
                CommerceLayerClient(
                    profile: target, transport: transport, clock: clock, logger: logger, retryPolicy: retryPolicy)
            ),
            jobsInFlight: plan.limits.jobsInFlight, pollSchedule: pollSchedule)
        try confirmTarget(sides.targetClaims)
        var job = CloneJob(
            plan: plan, planText: planText, source: .environment(sides.source), target: sides.target, workdir: workdir,
            events: events, crash: crash)
        job.capabilities = readCapabilities(sides.targetClaims)
        // Each side's reads cut at its probed maximum from the start instead of learning it from
        // a refusal (sides in one organization share the maximum).
        let sourceClaims = try await sides.source.client.claims()
        let sourceCapabilities = Capabilities.load(
            workdir: workdir, organization: sourceClaims.organizationSlug, environment: sourceClaims.environment)
        for (side, capabilities) in [(sides.source, sourceCapabilities.capabilities), (sides.target, job.capabilities)]
        {
            if let cap = capabilities?.exportRecordCap { _ = side.exportCap.lower(to: cap) }
        }
        job.writeGuard = WriteGuard(ledger: try openLedger(sides.targetClaims), overwriteDrift: overwriteDrift)
        job.prune = prune
        job.restart = restart
        job.strictFields = strictFields
        return job
    }

    /// The target's capabilities file, if a probe wrote one; says, through `notice`, what the
    /// target is known or assumed to do.
    private func readCapabilities(_ claims: TokenClaims) -> Capabilities? {
        let (capabilities, line) = Capabilities.load(
            workdir: workdir, organization: claims.organizationSlug, environment: claims.environment)
        notice?(line)
        return capabilities
    }

    /// The target's ledger of what layerclone wrote (created on first use).
    func openLedger(_ claims: TokenClaims) throws -> WrittenLedger {
        try WrittenLedger(
            path: WrittenLedger.fileURL(
                workdir: workdir, organization: claims.organizationSlug, environment: claims.environment
            ).path)
    }

    /// Refuses a live target unless live targets are allowed or `confirmLive` confirms it.
    /// - Throws: `CloneError.liveTargetRefused` naming the organization.
    func confirmTarget(_ claims: TokenClaims) throws {
        guard claims.environment == .live, !allowLive else { return }
        guard let confirmLive, confirmLive(claims.organizationSlug) else {
            throw CloneError.liveTargetRefused(organization: claims.organizationSlug)
        }
    }
}
