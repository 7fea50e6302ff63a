import Foundation
import Hummingbird
import Release
import SegmentModel
import SegmentStore

/// Routes that change state; each needs a bearer token with the right role, and records the token's name as the
/// actor in the audit log.
struct MutationRoutes {
    let env: APIEnvironment

    struct PromoteBody: Decodable {
        let reason: String?
        let expectCurrent: Int?
        let expectNone: Bool?
        let force: Bool?
        let dryRun: Bool?
        enum CodingKeys: String, CodingKey {
            case reason, force
            case expectCurrent = "expect_current"
            case expectNone = "expect_none"
            case dryRun = "dry_run"
        }
    }

    struct RollbackBody: Decodable {
        let reason: String?
        let to: Int?
        let force: Bool?
    }

    func add(to router: Router<BasicRequestContext>) {
        let env = self.env
        router.post("/v1/models/:version/promote") { request, context -> Response in
            let actor = try env.authorizer.require(request, [.releaseManager])
            let v = try ReadRoutes.version(PathParameter.get(context, "version"))
            let body = try await MutationRoutes.decode(PromoteBody.self, request)
            let expect: ProductionChange.Expectation? = body.expectNone == true ? ProductionChange.Expectation.none
                : body.expectCurrent.map { .version($0) }
            let outcome = try Promoter(database: env.database, config: env.config).promote(
                .init(version: v, actor: actor, reason: body.reason ?? "", expect: expect, force: body.force ?? false,
                      dryRun: body.dryRun ?? false), at: env.now())
            let report = try JSONValue(encoding: outcome.report)
            switch outcome {
            case .promoted(_, let entry), .forced(_, let entry):
                return JSONResponse.make(JSONValue.object(["promoted": true, "version": .int(v), "audit_seq": .int(entry.seq), "gates": report]))
            case .dryRun:
                return JSONResponse.make(JSONValue.object(["promoted": false, "dry_run": true, "version": .int(v), "gates": report]))
            case .awaitingApproval(let r, let entry):
                throw APIError(.unprocessableContent,
                               "awaiting approval: \(r.warningSummary); `segmentops approve \(v) --actor NAME --reason TEXT` by someone other than the trainer and the promoter, then promote again",
                               details: ["gates": report, "verdict": .string("warn"), "audit_seq": .int(entry.seq)])
            case .refused(let r):
                throw APIError(.unprocessableContent,
                               r.verdict == .inconclusive ? "inconclusive: not enough labelled evidence; held" : "promotion gates failed: \(r.failingSummary)",
                               details: ["gates": report, "verdict": .string(r.verdict.rawValue)])
            }
        }
        router.post("/v1/rollback") { request, _ -> Response in
            let actor = try env.authorizer.require(request, [.releaseManager])
            let body = try await MutationRoutes.decode(RollbackBody.self, request)
            let registry = ModelRegistry(database: env.database)
            guard let current = try registry.production() else { throw RegistryError.noProduction }
            guard let target = try body.to ?? registry.previousProduction() else { throw RegistryError.noRollbackTarget }
            let entry = try registry.changeProduction(
                ProductionChange(kind: .rollback, target: target, expect: .version(current.version), actor: actor,
                                 reason: body.reason ?? "", force: body.force ?? false),
                requireApproval: false, at: env.now())
            return JSONResponse.make(JSONValue.object(["rolled_back": .int(current.version), "production": .int(target), "audit_seq": .int(entry.seq)]))
        }
        router.post("/v1/observations") { request, _ -> Response in
            let actor = try env.authorizer.require(request, [.operator])
            let body = try await request.body.collect(upTo: env.config.api.maxBodyBytes)
            let bytes = [UInt8](buffer: body)
            let name = request.uri.queryParameters.get("file").map { String($0) } ?? "api-upload.csv"
            let parsed = ObservationCSVParser(schema: env.database.schema).parse(bytes, file: name)
            guard parsed.violations.isEmpty else { throw IngestRejected(file: name, violations: parsed.violations) }
            let report = try ObservationStore(database: env.database).ingest(
                parsed.batch, file: name, fileSHA256: sha256Hex(bytes), duplicateRows: parsed.duplicateRows, actor: actor,
                relabel: request.uri.queryParameters.get("relabel") == "true", at: env.now())
            return JSONResponse.make(report, status: report.changedAnything ? .created : .ok)
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T {
        let body = try await request.body.collect(upTo: 1 << 20)
        let data = body.readableBytes == 0 ? Data("{}".utf8) : Data(buffer: body)
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw APIError(.badRequest, "the body is not the expected JSON object")
        }
    }
}
