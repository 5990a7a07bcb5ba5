import ArgumentParser
import Foundation
import LayerCloneCore

/// `layerclone plan`: show the ordered, explained, costed work of a plan before anything runs.
struct PlanCommand: AsyncParsableCommand {
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

    func run() async throws {
        // TODO(client): once CommerceLayerAPI has its client and profiles, build a RecordCounter
        // for the source profile here and pass it as `counter` when not offline.
        if !offline {
            printError(
                "online counts need a source profile and the Commerce Layer client, which this build "
                    + "does not have yet; run with --offline to plan without counts")
            throw ExitStatus.unavailable.exitCode
        }
        do {
            let output = try await PlanPreview().render(
                fileAt: plan, format: PlanOutputFormat(rawValue: format) ?? .text, source: source)
            print(output)
        } catch let error as PlanError {
            printError(error.description)
            throw ExitStatus.badPlanOrData.exitCode
        } catch let error as PlannerError {
            printError(error.description)
            throw ExitStatus.badPlanOrData.exitCode
        }
    }
}

/// Writes one line to standard error.
private func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
