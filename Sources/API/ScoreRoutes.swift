import Foundation
import Hummingbird
import SegmentModel
import SegmentStore

/// `POST /v1/score`: one feature map, or a batch (a JSON array, or `{"rows": [...]}`).
struct ScoreRoutes {
    let env: APIEnvironment
    static let maxBody = 8 << 20

    func add(to router: Router<BasicRequestContext>) {
        router.post("/v1/score") { request, _ -> Response in
            let started = DispatchTime.now().uptimeNanoseconds
            let body = try await request.body.collect(upTo: ScoreRoutes.maxBody)
            let value: JSONValue
            do {
                value = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: body))
            } catch {
                throw APIError(.badRequest, "the body is not valid JSON: send a feature map, an array of them, or {\"rows\": [...]}")
            }
            let (version, model) = try await env.models.production()
            let reader = FeatureMapReader(features: model.features)
            func score(_ item: JSONValue, index: Int?) throws -> JSONValue {
                switch reader.read(item) {
                case .failure(let problem):
                    throw APIError(.unprocessableContent, index.map { "row \($0): \(problem.message)" } ?? problem.message)
                case .success(let parsed):
                    let s = model.score(parsed.row)
                    var out: [String: JSONValue] = [
                        "probabilities": .object(Dictionary(uniqueKeysWithValues: zip(model.segments, s.probabilities.map { .number($0) }))),
                        "segment": .string(model.segments[s.segment]), "margin": .number(s.margin), "model_version": .int(version),
                    ]
                    if let id = parsed.customerID { out["customer_id"] = .string(id) }
                    return .object(out)
                }
            }
            let response: Response
            var rows = 1
            if let items = value.arrayValue ?? value["rows"]?.arrayValue {
                rows = items.count
                let results = try items.enumerated().map { try score($1, index: $0) }
                response = JSONResponse.make(JSONValue.object(["model_version": .int(version), "results": .array(results)]))
            } else {
                response = JSONResponse.make(try score(value, index: nil))
            }
            env.metrics.recordScore(rows: rows, seconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
            return response
        }
    }
}
