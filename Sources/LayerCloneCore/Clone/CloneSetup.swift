import CommerceLayerAPI
import Foundation
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
    /// The API clients' clock, logger, outage budget and poll schedule.
    package var clients = ClientSettings()
    /// How the run goes (restart, unknown attributes, pace), handed to the job as
    /// `CloneJob.runOptions`.
    package var runOptions = CloneRunOptions()
    /// Whether drifted target records are overwritten (`WriteGuard.overwriteDrift`) and what
    /// the source lacks is pruned, handed to the job as `CloneJob.writePolicy` with the
    /// target's ledger opened.
    package var writePolicy = WritePolicy()
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
        let client = clients.client(for: try resolver.profile(named: sourceName), transport: transport)
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
        let client = clients.client(for: target, transport: transport)
        let claims = try await client.claims()
        try confirmTarget(claims)
        let targetSide = CloneEnvironment(
            name: target.name, client: client, jobsInFlight: plan.limits.jobsInFlight,
            pollSchedule: clients.pollSchedule)
        var job = CloneJob(
            plan: plan, planText: snapshot.planText, source: .snapshot(snapshot), target: targetSide, workdir: workdir,
            events: events, crash: crash)
        job.capabilities = readCapabilities(claims)
        job.writePolicy = writePolicy
        job.writePolicy.writeGuard.ledger = try openLedger(claims)
        job.runOptions = runOptions
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
            source: (source.name, clients.client(for: source, transport: transport)),
            target: (target.name, clients.client(for: target, transport: transport)),
            jobsInFlight: plan.limits.jobsInFlight, pollSchedule: clients.pollSchedule)
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
            if let cap = capabilities?.limits.exportRecordCap { _ = side.exportCap.lower(to: cap) }
        }
        job.writePolicy = writePolicy
        job.writePolicy.writeGuard.ledger = try openLedger(sides.targetClaims)
        job.runOptions = runOptions
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
