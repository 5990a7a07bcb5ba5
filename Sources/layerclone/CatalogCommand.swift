import ArgumentParser
import ResourceCatalog

/// `layerclone catalog`: the resource types layerclone knows.
struct CatalogCommand: ContextualCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "List the resource types layerclone clones.",
        discussion: """
            For each type: how records are identified across environments, whether it is
            written by import or over REST, the import parent, the code-style references the
            import API resolves itself, and its relationships.
            """
    )

    @Flag(name: .long, help: "Print one JSON document instead of a table.")
    var json = false

    func run(in context: CommandContext) throws {
        let catalog = ResourceCatalog.commerceLayer
        context.standardOutput.print(json ? catalog.listingJSON().canonicalJSON : catalog.listingText())
    }
}
