import SegmentStore

/// One documented route: method, path (OpenAPI spelling), what it does, who may call it, and its bodies.
struct OpenAPIOperation {
    let method: String
    let path: String
    let summary: String
    /// nil: a read (open on loopback, any token elsewhere).
    var role: String?
    var parameters: [JSONValue] = []
    var requestBody: JSONValue?
    /// Status → description and schema (a `$ref` or an inline schema); errors are listed by name.
    var ok: (status: String, description: String, schema: JSONValue, contentType: String)
    var errors: [String] = []

    var json: JSONValue {
        var o: [String: JSONValue] = ["summary": .string(summary), "operationId": .string(operationID)]
        o["security"] = role == nil ? [[:], ["bearer": []]] : [["bearer": []]]
        if let role { o["x-required-role"] = .string(role) }
        let pathParameters = path.split(separator: "/").filter { $0.hasPrefix("{") }.map { part -> JSONValue in
            let name = String(part.dropFirst().dropLast())
            let schema: JSONValue = name == "version" ? ["type": "string", "pattern": "^v?[1-9][0-9]{0,8}$"] : ["type": "string", "minLength": 1]
            return ["name": .string(name), "in": "path", "required": true, "schema": schema]
        }
        if !(pathParameters + parameters).isEmpty { o["parameters"] = .array(pathParameters + parameters) }
        if let requestBody { o["requestBody"] = requestBody }
        let content: [String: JSONValue] = [ok.contentType: ["schema": ok.schema]]
        var responses: [String: JSONValue] = [ok.status: ["description": .string(ok.description), "content": .object(content)]]
        for e in errors + (role == nil ? [] : ["401", "403"]) + ["400"] {
            responses[e] = ["$ref": .string("#/components/responses/E\(e)")]
        }
        o["responses"] = .object(responses)
        return .object(o)
    }

    var operationID: String {
        method + path.split(separator: "/").map { part in
            part.filter { $0.isLetter || $0.isNumber }.prefix(1).uppercased() + part.filter { $0.isLetter || $0.isNumber }.dropFirst()
        }.joined()
    }

    static func query(_ name: String, _ type: String, _ description: String, format: String? = nil,
                      pattern: String? = nil, range: ClosedRange<Int>? = nil) -> JSONValue {
        var schema: [String: JSONValue] = ["type": .string(type)]
        if let format { schema["format"] = .string(format) }
        if let pattern { schema["pattern"] = .string(pattern) }
        if let range {
            schema["minimum"] = .int(range.lowerBound)
            schema["maximum"] = .int(range.upperBound)
        }
        return ["name": .string(name), "in": "query", "required": false, "description": .string(description),
                "schema": .object(schema)]
    }

    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    static func json(_ schema: JSONValue) -> JSONValue {
        ["required": true, "content": ["application/json": ["schema": schema]]]
    }
}
