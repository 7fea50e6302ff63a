import API
import ArgumentParser

/// Prints the API's OpenAPI 3.1 document (the repository's `openapi.json` is this output for the default schema).
struct OpenAPICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openapi",
        abstract: "Print the HTTP API's OpenAPI 3.1 document (also served at /openapi.json).",
        discussion: "The feature and segment names in the scoring schemas are those of the configuration in use.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let context = try CommandContext(global)
        Console.out(bytes: Array(OpenAPIDocument.text(schema: context.config.schema).utf8))
    }
}
