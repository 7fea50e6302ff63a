import Foundation
import Hummingbird
import Monitoring
import SegmentModel
import SegmentStore
import Segments

/// Read-only routes: models, history, alerts, drift, customers, runbooks, health and metrics.
struct ReadRoutes {
    let env: APIEnvironment

    func add(to router: Router<BasicRequestContext>) {
        let env = self.env
        router.get("/healthz") { _, _ in JSONResponse.make(try HealthAnswer.make(env)) }
        router.get("/readyz") { _, _ -> Response in
            var checks: [String: JSONValue] = [:]
            var ready = true
            do {
                let production = try ModelRegistry(database: env.database).production()
                checks["database"] = "ok"
                checks["production_version"] = .optional(production?.version)
                if production == nil { ready = false }
            } catch {
                checks["database"] = .string("error: \(error)")
                ready = false
            }
            checks["alert_rules"] = .optional(env.rulesLoaded)
            checks["status"] = ready ? "ready" : "not_ready"
            return JSONResponse.make(JSONValue.object(checks), status: ready ? .ok : .serviceUnavailable)
        }
        let openAPI = OpenAPIDocument.text(schema: env.database.schema)
        router.get("/openapi.json") { _, _ -> Response in JSONResponse.text(openAPI, contentType: "application/json") }
        router.get("/metrics") { _, _ -> Response in
            JSONResponse.text(try env.metrics.render(database: env.database), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
        router.get("/v1/models") { _, _ in JSONResponse.make(try ModelRegistry(database: env.database).list()) }
        router.get("/v1/models/:version") { _, context -> Response in
            let v = try ReadRoutes.version(PathParameter.get(context, "version"))
            let registry = ModelRegistry(database: env.database)
            let version = try registry.version(v)
            let artifact = try registry.artifact(v)
            return JSONResponse.make(JSONValue.object([
                "version": try JSONValue(encoding: version), "metrics": try JSONValue(encoding: artifact.metrics),
                "coefficients": try JSONValue(encoding: artifact.coefficients), "intercepts": try JSONValue(encoding: artifact.intercepts),
                "training": try JSONValue(encoding: artifact.training), "approvals": try JSONValue(encoding: registry.approvals(v)),
                "history": try JSONValue(encoding: registry.history(version: v)),
            ]))
        }
        router.get("/v1/history") { request, _ -> Response in
            let q = request.uri.queryParameters
            var since: String?
            if let s = q.get("since") {
                guard let d = Timestamp.parse(s) else { throw APIError(.badRequest, "since: '\(s)' is not a date or timestamp") }
                since = Timestamp.format(d)
            }
            let version = try q.get("version").map { try ReadRoutes.version($0) }
            let limit = q.get("limit").flatMap { Int($0) } ?? 200
            return JSONResponse.make(try ModelRegistry(database: env.database).history(since: since, version: version, limit: limit))
        }
        router.get("/v1/alerts") { request, _ -> Response in
            let all = request.uri.queryParameters.get("all") == "true"
            let states = try AlertStateStore(database: env.database).all().filter { all || $0.state == .firing || $0.state == .pending }
            return JSONResponse.make(states)
        }
        router.get("/v1/drift/latest") { _, _ -> Response in
            guard let run = try MonitorRunStore(database: env.database).latest(kind: "drift") else {
                throw APIError(.notFound, "no drift monitor has run yet; run `segmentops monitor`")
            }
            return JSONResponse.make(run)
        }
        router.get("/v1/customers/:id") { _, context -> Response in
            let id = try PathParameter.get(context, "id")
            guard !id.isEmpty else { throw APIError(.badRequest, "customer id missing") }
            return JSONResponse.make(try CustomerView(env: env).view(id))
        }
        SegmentRoutes(env: env).add(to: router)
        router.get("/v1/runbooks") { _, _ -> Response in
            let names = (try? FileManager.default.contentsOfDirectory(atPath: env.config.runbooksDirectory)) ?? []
            return JSONResponse.make(names.filter { $0.hasSuffix(".md") }.map { String($0.dropLast(3)) }.sorted())
        }
        router.get("/v1/runbooks/:name") { _, context -> Response in
            let name = try PathParameter.get(context, "name")
            guard (try? /^[A-Za-z0-9]+$/.wholeMatch(in: name)) != nil,
                  let text = try? String(contentsOfFile: env.config.runbooksDirectory + "/\(name).md", encoding: .utf8) else {
                throw APIError(.notFound, "no runbook named '\(name)'; see /v1/runbooks")
            }
            return JSONResponse.text(text, contentType: "text/markdown; charset=utf-8")
        }
    }

    static func version(_ text: String?) throws -> Int {
        guard let text, let v = Int(text.hasPrefix("v") ? String(text.dropFirst()) : text), v > 0 else {
            throw APIError(.badRequest, "'\(text ?? "")' is not a version (3 or v3)")
        }
        return v
    }
}

/// What a service agent's screen shows for one customer: current probabilities and recent movement.
struct CustomerView {
    let env: APIEnvironment

    func view(_ id: String) throws -> JSONValue {
        let trajectory = try SegmentBook(database: env.database).trajectory(customerID: id, limit: 26)
        var out: [String: JSONValue] = ["customer_id": .string(id), "trajectory": try JSONValue(encoding: trajectory)]
        // The confirmed segment, the runner-up with its evidence, open flags and 60 days of probabilities.
        if let profile = try? CustomerProfile.load(id, database: env.database, config: env.config) {
            let p = try JSONValue(encoding: profile)
            for key in ["status", "segment", "since", "runner_up", "flags", "series", "observations"] {
                out[key == "segment" ? "confirmed_segment" : key] = p[key] ?? .null
            }
        }
        if let current = trajectory.first {
            out["current"] = try JSONValue(encoding: current)
            if trajectory.count > 1 {
                let previous = trajectory[1]
                var movement = [String: JSONValue]()
                for (segment, p) in current.probabilities { movement[segment] = .number(p - (previous.probabilities[segment] ?? 0)) }
                out["movement"] = .object(movement)
                out["previous"] = try JSONValue(encoding: previous)
            }
        } else {
            let history = try ObservationStore(database: env.database).history(customerID: id, limit: 1)
            guard let latest = history.last else { throw APIError(.notFound, "no customer '\(id)' in the observations") }
            let registry = ModelRegistry(database: env.database)
            guard let production = try registry.production() else {
                throw APIError(.serviceUnavailable, "no version is in production yet")
            }
            let model = try registry.artifact(production.version).model()
            let s = model.score(latest.features)
            out["current"] = .object([
                "as_of": .string(latest.asOf.description), "version": .int(production.version), "segment": .string(model.segments[s.segment]),
                "margin": .number(s.margin), "probabilities": .object(Dictionary(uniqueKeysWithValues: zip(model.segments, s.probabilities.map { .number($0) }))),
                "scored_at": "now (not yet in the segment book)",
            ])
        }
        return .object(out)
    }
}
