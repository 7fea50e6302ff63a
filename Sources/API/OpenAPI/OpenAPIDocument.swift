import Foundation
import SegmentModel
import SegmentStore

/// The OpenAPI 3.1 description of the HTTP API, served at `/openapi.json` and kept as `openapi.json` in the
/// repository (`segmentops openapi` prints it). Built from the schema in use, so the feature and segment names in
/// the scoring bodies are the configured ones.
public enum OpenAPIDocument {
    public static func build(schema: SegmentSchema) -> JSONValue {
        var paths = [String: JSONValue]()
        for op in OpenAPIOperations.all {
            var methods = paths[op.path]?.objectValue ?? [:]
            methods[op.method] = op.json
            paths[op.path] = .object(methods)
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "SegmentOps API",
                "version": "1",
                "description": .string("""
                    Scoring, the model registry, monitoring, alerts, the segment change feed and the fair-lending audit. \
                    Reads are open on a loopback address; on any other address every request needs a bearer token. \
                    Mutations and the fairness routes need the role named in each operation (`x-required-role`). \
                    Errors are JSON {error, status}.
                    """),
            ],
            "servers": [["url": "http://127.0.0.1:8080"]],
            "paths": .object(paths),
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer",
                                               "description": "a token from api.tokens in segmentops.yaml"]],
                "schemas": .object(OpenAPISchemas.all(schema: schema)),
                "responses": .object(Dictionary(uniqueKeysWithValues: OpenAPIOperations.errors.map {
                    ($0.name, ["description": .string($0.description),
                               "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]] as JSONValue)
                })),
            ],
        ]
    }

    /// The document as the repository keeps it: pretty-printed, keys sorted, a final newline.
    public static func text(schema: SegmentSchema) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(build(schema: schema))) ?? Data("{}".utf8), as: UTF8.self) + "\n"
    }

    /// `/v1/models/:version` in the router's spelling → `/v1/models/{version}`.
    public static func path(fromRouter path: String) -> String {
        "/" + path.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
    }
}
