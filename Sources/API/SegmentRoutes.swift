import Foundation
import Hummingbird
import SegmentModel
import SegmentStore
import Segments

/// The change feed for catch-up (`GET /v1/segment-events`) and the transition-zone treatment of one customer.
struct SegmentRoutes {
    let env: APIEnvironment
    static let maxPage = 10_000

    func add(to router: Router<BasicRequestContext>) {
        let env = self.env
        router.get("/v1/segment-events") { request, _ -> Response in
            let q = request.uri.queryParameters
            let cursorText = q.get("after") ?? "0"
            guard let after = Int(cursorText), after >= 0 else { throw APIError(.badRequest, SegmentsError.badCursor(cursorText).description) }
            let limitText = q.get("limit") ?? "1000"
            guard let limit = Int(limitText), (1...SegmentRoutes.maxPage).contains(limit) else {
                throw APIError(.badRequest, "limit: '\(limitText)' is not a number from 1 to \(SegmentRoutes.maxPage)")
            }
            let events = try SegmentStateStore(database: env.database).events(after: after, limit: limit)
            let source = env.config.segments.feed.source
            let body = "{\"events\":[" + events.map { $0.cloudEvent(source: source) }.joined(separator: ",")
                + "],\"next_cursor\":\"\(events.last?.id ?? after)\",\"count\":\(events.count)}"
            return JSONResponse.text(body, contentType: "application/json")
        }
        router.get("/v1/customers/:id/treatment") { request, context -> Response in
            let id = try PathParameter.get(context, "id")
            var day = Day(index: Int((env.now().timeIntervalSince1970 / 86400).rounded(.down)))
            if let text = request.uri.queryParameters.get("day") {
                guard let d = Day(text) else { throw APIError(.badRequest, "day: '\(text)' is not a date YYYY-MM-DD") }
                day = d
            }
            do {
                return JSONResponse.make(try Treatment(database: env.database, config: env.config).decide(id, on: day, at: env.now()))
            } catch let error as SegmentsError {
                throw APIError(.notFound, error.description)
            }
        }
    }
}
