import ArgumentParser
import CommerceLayerAPI
import Foundation
import LayerCloneCore
import ResourceCatalog

/// `layerclone probe`: finds out, cheaply and without leaving anything behind, which of the
/// behaviours the documentation leaves UNKNOWN an environment has.
struct ProbeCommand: ContextualCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Find out which undocumented behaviours an environment has; writes its capabilities file.",
        discussion: """
            Runs the smallest requests and jobs that tell the behaviours apart (dry_data, the nested \
            type form, the import cap, tags in imports, export includes and types, job-slot refusals, \
            rate limits), removes what it created (reference layerclone-probe:<id>; a killed probe's \
            leftovers go at the next probe's start) and writes \
            <workdir>/capabilities/<organization>-<environment>.json, which clone, seed and plan read. \
            --dry-run prints the steps and their cost without contacting anything.
            """
    )

    @Option(name: .long, help: "The profile to probe.")
    var profile: String

    @Flag(name: .long, help: "Print the outcome as one JSON document.")
    var json = false

    @Option(name: .long, help: "Also write the capabilities JSON to this file.")
    var out: String?

    @Flag(name: .customLong("allow-live"), help: "Probe a live environment (it creates and deletes a few records).")
    var allowLive = false

    @Flag(name: .customLong("dry-run"), help: "Print the steps and their cost; contact nothing.")
    var dryRun = false

    @OptionGroup var profiles: ProfileOptions

    @OptionGroup var workdir: WorkdirOptions

    func run(in context: CommandContext) async throws {
        let output = context.standardOutput
        if dryRun {
            output.print(Probe.steps.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n"))
            output.print("Cost: \(Probe.cost).")
            return
        }
        let resolved = try profiles.resolver(in: context).profile(named: profile)
        let transport = context.transport()
        let client = CommerceLayerClient(profile: resolved, transport: transport, clock: context.clock)
        var noWaits = RetryPolicy.standard
        noWaits.maxRateLimitRetries = 0
        let jobClient = CommerceLayerClient(
            profile: resolved, transport: transport, clock: context.clock, retryPolicy: noWaits)
        let claims: TokenClaims
        do {
            claims = try await client.claims()
        } catch {
            throw CommandFailure(.unavailable, "profile \(profile): \(error)")
        }
        guard claims.environment != .live || allowLive else {
            throw CommandFailure(
                .usage,
                "profile \(profile) reaches the live environment of \(claims.organizationSlug); pass --allow-live "
                    + "to probe it (it creates and deletes a few records)")
        }
        let folder = try workdir.url(in: context)
        var probe = Probe(client: client, jobClient: jobClient, id: Probe.newID())
        probe.pollSchedule = PollSchedule(
            initialInterval: .milliseconds(250), maxInterval: .seconds(5), growth: 1.5, timeout: .seconds(900))
        probe.log = context.noteWriter
        context.note(
            "probing the \(claims.environment.rawValue) environment of \(claims.organizationSlug): it will create "
                + "a shipping category, a tag, two price lists, a SKU, two prices with a tier each, a manual gateway, "
                + "a payment method, 1 export and "
                + "2–3 imports, all with the reference \(probe.reference), and delete them at the end")
        let outcome: Probe.Outcome
        do {
            outcome = try await probe.run(claims: claims)
        } catch let error as ProbeError {
            throw CommandFailure(.unavailable, "\(error)")
        }
        let file = Capabilities.fileURL(
            workdir: folder, organization: claims.organizationSlug, environment: claims.environment)
        try outcome.capabilities.write(to: file)
        if let out { try outcome.capabilities.write(to: URL(fileURLWithPath: out)) }
        if json {
            var object = outcome.json.objectValue ?? [:]
            object["file"] = .string(file.path)
            output.print(JSONValue.object(object).canonicalJSON)
        } else {
            output.print(lines(outcome, file: file).joined(separator: "\n"))
        }
    }

    private func lines(_ outcome: Probe.Outcome, file: URL) -> [String] {
        var lines = [
            "\(outcome.capabilities.environment.rawValue) environment of \(outcome.capabilities.organization):",
            "  " + outcome.capabilities.summary.replacingOccurrences(of: ", ", with: "\n  "),
        ]
        for (name, info) in outcome.capabilities.limits.rateLimits.sorted(by: { $0.key < $1.key }) {
            lines.append("  rate limit \(name): \(info.limit.map(String.init) ?? "?") per \(info.interval ?? 0) s")
        }
        lines += outcome.notes.map { "note: \($0)" }
        lines.append(
            "\(outcome.requests) requests, \(outcome.jobs) jobs; \(outcome.leftoversRemoved) leftovers of earlier "
                + "probes removed")
        lines.append(
            outcome.notRemoved.isEmpty
                ? "everything the probe created was removed"
                : "could not remove: \(outcome.notRemoved.joined(separator: "; "))")
        lines.append("capabilities written to \(file.path)")
        return lines
    }
}
