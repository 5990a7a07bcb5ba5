import ArgumentParser
import CommerceLayerAPI
import Foundation
import LayerCloneCore

/// `layerclone plan`: show the ordered, explained, costed work of a plan before anything runs.
struct PlanCommand: ContextualCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what a plan clones, in which order, and at what cost.",
        discussion: """
            Reads a plan file (see plans/ and the README), pulls required parents into scope,
            orders the types by dependency (deferring optional relationships that close a
            cycle) and prints, per type, the method (import or REST), the identity, how each
            parent is referenced, and with counts from the source the jobs, requests and the
            least wall time under the rate limits.

            Example: layerclone plan plans/store-setup.yml --offline --format json
            """
    )

    @Argument(help: "The plan file (YAML).")
    var plan: String

    @Option(name: .long, help: "Source profile (overrides the plan's `source`).")
    var source: String?

    @Flag(name: .long, help: "Do not contact the source: no record counts, no estimate.")
    var offline = false

    @Option(name: .long, help: "Output: text, json, dot or mermaid.")
    var format: String = "text"

    func validate() throws {
        guard PlanOutputFormat(rawValue: format) != nil else {
            throw ValidationError("--format must be one of: text, json, dot, mermaid (not \"\(format)\")")
        }
    }

    @OptionGroup var profiles: ProfileOptions

    @OptionGroup var workdir: WorkdirOptions

    func run(in context: CommandContext) async throws {
        do {
            var counter: (any RecordCounting)?
            if !offline {
                let parsed = try PlanParser().parse(fileAt: plan)
                guard let name = source ?? parsed.source else {
                    throw CommandFailure(
                        .usage, "no source profile: pass --source, name `source` in the plan, or use --offline")
                }
                let profile = try profiles.resolver(in: context).profile(named: name)
                let client = CommerceLayerClient(
                    profile: profile, transport: context.transport(), clock: context.clock)
                counter = ClientRecordCounter(client: client)
                let claims = try await client.claims()
                context.note(
                    Capabilities.notice(
                        workdir: try workdir.existingURL(in: context), organization: claims.organizationSlug,
                        environment: claims.environment))
            }
            let output = try await PlanPreview().render(
                fileAt: plan, format: PlanOutputFormat(rawValue: format) ?? .text, source: source, counter: counter)
            context.standardOutput.print(output)
        } catch let error as PlanError {
            context.standardError.print(error.description)
            throw ExitStatus.badPlanOrData.exitCode
        } catch let error as PlannerError {
            context.standardError.print(error.description)
            throw ExitStatus.badPlanOrData.exitCode
        }
    }
}
