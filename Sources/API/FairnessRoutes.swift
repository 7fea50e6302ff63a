import Fairness
import Foundation
import Hummingbird
import SegmentModel
import SegmentStore

/// The fair-lending audit and the protected-attribute summary, for auditors only: a token with role `auditor` is
/// required on every address, loopback included (no other role reads them).
struct FairnessRoutes {
    let env: APIEnvironment

    func add(to router: Router<BasicRequestContext>) {
        let env = self.env
        // GET /v1/fairness?version=V&as_of=DATE&against=V&alternative=true
        router.get("/v1/fairness") { request, _ -> Response in
            _ = try env.authorizer.require(request, [.auditor])
            let q = request.uri.queryParameters
            let audit = FairnessAudit(database: env.database, config: env.config)
            var asOf: Day?
            if let text = q.get("as_of") {
                guard let d = Day(text) else { throw APIError(.badRequest, "as_of: '\(text)' is not a date YYYY-MM-DD") }
                asOf = d
            }
            guard let day = try audit.defaultDay(onOrBefore: asOf) else {
                throw APIError(.notFound, "no observations stored\(asOf.map { " on or before \($0)" } ?? "")")
            }
            let version = try q.get("version").map { try ReadRoutes.version($0) }
                ?? ModelRegistry(database: env.database).productionOrLatest()?.version
            guard let version else { throw APIError(.notFound, "no model versions yet") }
            let against = try q.get("against").map { try ReadRoutes.version($0) }
            let alternative: FairnessAudit.Alternative
            switch q.get("alternative") ?? "false" {
            case "true": alternative = .whenFlagged
            case "false": alternative = .never
            case let other: throw APIError(.badRequest, "alternative: '\(other)' is not true or false")
            }
            let report = try audit.report(version: version, asOf: day,
                                          options: .init(against: against, alternative: alternative))
            return JSONResponse.make(report)
        }
        router.get("/v1/attributes") { request, _ -> Response in
            _ = try env.authorizer.require(request, [.auditor])
            return JSONResponse.make(try AttributeStore(database: env.database).summary())
        }
    }
}
