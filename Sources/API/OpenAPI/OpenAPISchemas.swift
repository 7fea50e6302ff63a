import SegmentModel
import SegmentStore

/// The component schemas of the OpenAPI document. Objects the API may grow keep `additionalProperties` open; the
/// fields listed are the ones clients can rely on.
enum OpenAPISchemas {
    static func object(_ properties: [String: JSONValue], required: [String] = []) -> JSONValue {
        ["type": "object", "properties": .object(properties), "required": .array(required.map { .string($0) })]
    }

    static let integer: JSONValue = ["type": "integer"]
    static let number: JSONValue = ["type": "number"]
    static let string: JSONValue = ["type": "string"]
    static let boolean: JSONValue = ["type": "boolean"]
    static func nullable(_ type: String) -> JSONValue { ["type": [.string(type), "null"]] }

    static func all(schema: SegmentSchema) -> [String: JSONValue] {
        let features = Dictionary(uniqueKeysWithValues: schema.features.map { ($0, number) })
        var featureMap = features
        featureMap["customer_id"] = string
        let segments = JSONValue.array(schema.segments.map { .string($0) })
        let probabilities = object(Dictionary(uniqueKeysWithValues: schema.segments.map { ($0, number) }), required: schema.segments)
        let scoreResult = object(["customer_id": string, "model_version": integer, "segment": ["type": "string", "enum": segments],
                                  "probabilities": probabilities, "margin": number],
                                 required: ["model_version", "segment", "probabilities", "margin"])
        return [
            "Error": object(["error": string, "status": integer, "details": ["type": "object"]], required: ["error", "status"]),
            "Readiness": object(["status": ["type": "string", "enum": ["ready", "not_ready"]], "database": string,
                                 "production_version": nullable("integer"), "alert_rules": nullable("integer")],
                                required: ["status", "database"]),
            "FeatureMap": object(featureMap, required: schema.features),
            "ScoreRequest": ["oneOf": [ref("FeatureMap"), ["type": "array", "items": ref("FeatureMap")],
                                       object(["rows": ["type": "array", "items": ref("FeatureMap")]], required: ["rows"])]],
            "ScoreResult": scoreResult,
            "ScoreResults": object(["model_version": integer, "results": ["type": "array", "items": ref("ScoreResult")]],
                                   required: ["model_version", "results"]),
            "ModelVersion": object(["version": integer, "stage": string, "as_of": string, "created_at": string,
                                    "created_by": string, "artifact_sha256": string], required: ["version", "stage"]),
            "ModelDetail": object(["version": ref("ModelVersion"), "metrics": ["type": "object"],
                                   "coefficients": object(Dictionary(uniqueKeysWithValues: schema.segments.map { ($0, object(features)) })),
                                   "intercepts": probabilities, "training": ["type": "object"], "approvals": ["type": "array"],
                                   "history": ["type": "array", "items": ref("AuditEntry")]],
                                  required: ["version", "metrics", "training", "history"]),
            "AuditEntry": object(["seq": integer, "at": string, "actor": string, "action": string, "version": nullable("integer"),
                                  "other_version": nullable("integer"), "outcome": string, "reason": nullable("string"),
                                  "evidence": [:], "prev_hash": string, "hash": string],
                                 required: ["seq", "at", "actor", "action", "outcome", "hash", "prev_hash"]),
            "PromoteRequest": object(["reason": string, "expect_current": integer, "expect_none": boolean, "force": boolean,
                                      "dry_run": boolean]),
            "PromoteResult": object(["promoted": boolean, "dry_run": boolean, "version": integer, "audit_seq": integer,
                                     "gates": ["type": "object"]], required: ["promoted", "version", "gates"]),
            "RollbackRequest": object(["reason": string, "to": integer, "force": boolean], required: ["reason"]),
            "RollbackResult": object(["rolled_back": integer, "production": integer, "audit_seq": integer],
                                     required: ["rolled_back", "production", "audit_seq"]),
            "IngestReport": object(["file": string, "file_sha256": string, "rows": integer, "inserted": integer,
                                    "label_updates": integer, "relabelled": integer, "unchanged": integer,
                                    "duplicate_rows": integer, "batch_id": nullable("integer"),
                                    "first_as_of": nullable("string"), "last_as_of": nullable("string")],
                                   required: ["file", "file_sha256", "rows", "inserted", "unchanged"]),
            "AlertState": object(["fingerprint": string, "rule": string, "labels": ["type": "object", "additionalProperties": string],
                                  "severity": string, "state": ["type": "string", "enum": ["inactive", "pending", "firing", "resolved"]],
                                  "pending_count": integer, "firing_since": nullable("string"), "notified": boolean,
                                  "flapping": boolean, "figures": ["type": "object", "additionalProperties": string],
                                  "summary": string, "description": string, "last_evaluated_at": string],
                                 required: ["fingerprint", "rule", "severity", "state", "summary", "last_evaluated_at"]),
            "MonitorRun": object(["id": integer, "ran_at": string, "as_of": string, "version": nullable("integer"), "kind": string,
                                  "status": string, "figures": ["type": "object"]],
                                 required: ["id", "ran_at", "as_of", "kind", "status", "figures"]),
            "AttributeSummary": object(["attributes": ["type": "array", "items": object(
                                            ["name": string, "customers": integer, "groups": integer, "probabilistic": boolean,
                                             "sources": ["type": "array", "items": string], "vintages": ["type": "array", "items": string]],
                                            required: ["name", "customers", "groups", "probabilistic"])],
                                        "files": integer, "last_ingested_at": nullable("string"), "digest": nullable("string")],
                                       required: ["attributes", "files"]),
            "SegmentEvents": object(["events": ["type": "array", "items": ref("CloudEvent")], "next_cursor": string, "count": integer],
                                    required: ["events", "next_cursor", "count"]),
            "CloudEvent": object(["specversion": ["type": "string", "const": "1.0"], "id": string, "source": string, "type": string,
                                  "subject": string, "time": string, "sequence": string, "data": ["type": "object"]],
                                 required: ["specversion", "id", "source", "type", "subject", "time"]),
            "FairnessReport": object(["version": integer, "against": nullable("integer"), "as_of": string,
                                      "cells": ["type": "array", "items": ref("DisparityCell")],
                                      "proxy_features": ["type": "array", "items": object(["feature": string, "smd": number,
                                                                                            "flagged": boolean])],
                                      "verdict": ["type": "string", "enum": ["pass", "warn", "fail", "inconclusive", "skipped"]],
                                      "verdict_reason": string],
                                     required: ["version", "as_of", "cells", "proxy_features", "verdict"]),
            "DisparityCell": object(["attribute": string, "group": string, "segment": string, "rate": number, "air": number,
                                     "p_value": nullable("number"), "p_holm": nullable("number"),
                                     "verdict": ["type": "string", "enum": ["pass", "warn", "fail", "inconclusive"]]],
                                    required: ["attribute", "group", "segment", "rate", "air", "p_value", "verdict"]),
        ]
    }

    static func ref(_ name: String) -> JSONValue { OpenAPIOperation.ref(name) }
}
