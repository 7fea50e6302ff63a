import Foundation
import Hummingbird
import SegmentModel
import SegmentStore
import Synchronization

/// `POST /v1/score`: one feature map, or a batch (a JSON array, or `{"rows": [...]}`).
struct ScoreRoutes {
    let env: APIEnvironment

    func add(to router: Router<BasicRequestContext>) {
        let env = self.env
        let readers = ReaderCache()
        router.post("/v1/score") { request, _ -> Response in
            // Scoring reads the model: open on loopback, a token of any role elsewhere (as every read).
            try env.authorizer.checkRead(request)
            let started = DispatchTime.now().uptimeNanoseconds
            let body = try await request.body.collect(upTo: env.config.api.maxBodyBytes)
            let production = Result { try env.models.production() }
            // The common request — one flat feature map — straight from its bytes; anything else is parsed in full
            // (and a body that is not JSON is a 400 before a missing production model is a 503).
            let text: String, rows: Int
            if case .success(let (version, model)) = production,
               let parsed = body.withUnsafeReadableBytes({ readers.reader(for: model.features).readFlat($0) }) {
                (text, rows) = (ScoreLine.json(model: model, version: version, customerID: parsed.customerID, row: parsed.row), 1)
            } else {
                (text, rows) = try ScoreRoutes.scoreInFull(body, production: production, readers: readers)
            }
            env.metrics.recordScore(rows: rows, seconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
            return JSONResponse.text(text, contentType: "application/json")
        }
    }
}

extension ScoreRoutes {
    /// Any body the byte-level reader declined: parsed in full, one feature map or a batch; the response text and
    /// how many rows it scored.
    static func scoreInFull(_ body: ByteBuffer, production: Result<(version: Int, model: SoftmaxModel), any Error>,
                            readers: ReaderCache) throws -> (text: String, rows: Int) {
        let value: JSONValue
        do {
            value = try body.withUnsafeReadableBytes { try JSONParser.parse($0) }
        } catch {
            throw APIError(.badRequest, "the body is not valid JSON (\(error)): send a feature map, an array of them, or {\"rows\": [...]}")
        }
        let (version, model) = try production.get()
        let reader = readers.reader(for: model.features)
        func score(_ item: JSONValue, index: Int?) throws -> String {
            switch reader.read(item) {
            case .failure(let problem):
                throw APIError(.unprocessableContent, index.map { "row \($0): \(problem.message)" } ?? problem.message)
            case .success(let parsed):
                return ScoreLine.json(model: model, version: version, customerID: parsed.customerID, row: parsed.row)
            }
        }
        guard let items = value.arrayValue ?? value["rows"]?.arrayValue else { return (try score(value, index: nil), 1) }
        let results = try items.enumerated().map { try score($1, index: $0) }
        return ("{\"model_version\":\(version),\"results\":[" + results.joined(separator: ",") + "]}", items.count)
    }
}

/// The feature-map reader of the production model's features, built once per feature list rather than per request.
final class ReaderCache: Sendable {
    private let current = Mutex<FeatureMapReader?>(nil)

    func reader(for features: [String]) -> FeatureMapReader {
        current.withLock { cached in
            if let reader = cached, reader.features == features { return reader }
            let reader = FeatureMapReader(features: features)
            cached = reader
            return reader
        }
    }
}
