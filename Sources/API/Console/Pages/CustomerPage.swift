import Foundation
import Hummingbird
import SegmentModel
import SegmentStore
import Segments

/// `/ui/customers/{id}`: confirmed segment, runner-up evidence, flags and the probability trajectory;
/// `/ui/customers`: open an id, or pick one of the customers moving toward another segment.
struct CustomerPage {
    let env: APIEnvironment

    func search(_ q: Hummingbird.Parameters) throws -> ConsolePage {
        let id = q.get("id") ?? ""
        if !id.isEmpty {
            throw ConsoleRedirect(location: "/ui/customers/" + HTML.component(id))
        }
        let moving = try SegmentStateStore(database: env.database).moving(toward: nil, limit: 50)
        let segments = env.database.schema.segments
        return ConsolePage(title: "Customers", template: "customers", context: [
            "id": id, "movingCount": moving.count, "hasMoving": !moving.isEmpty,
            "moving": moving.map { t -> [String: Any] in
                ["id": t.customerID, "href": "/ui/customers/" + HTML.component(t.customerID),
                 "segment": t.track.confirmed.map { segments[$0] } ?? "–", "toward": t.track.flag.map { segments[$0] } ?? "–",
                 "evidence": HTML.number(t.track.flag.map { t.track.evidence[$0] }, 2), "lastAsOf": t.lastAsOf.description]
            },
        ])
    }

    func page(_ id: String) throws -> ConsolePage {
        guard !id.isEmpty else { throw APIError(.badRequest, "the customer id is empty") }
        let profile: CustomerProfile
        do {
            profile = try CustomerProfile.load(id, database: env.database, config: env.config)
        } catch let error as SegmentsError {
            throw APIError(.notFound, error.description)
        }
        let segments = env.config.schema.segments
        let days = profile.series.map { $0.asOf.description }
        let chart = LineChart(
            title: "Segment probabilities of customer \(id)",
            description: "Probability of each segment at each of \(days.count) stored scores (a score is stored when it moves); confirmed segment \(profile.segment ?? "none").",
            xLabels: days, series: segments.map { s in .init(name: s, values: profile.series.map { $0.probabilities[s] }) },
            yRange: 0...1)
        var context: [String: Any] = [
            "id": id, "segment": profile.segment ?? "–", "status": profile.status, "segments": segments,
            "flags": profile.flags.map { f -> [String: Any] in ["toward": f.toward, "since": f.since?.description ?? ""] },
            "hasFlags": !profile.flags.isEmpty, "points": profile.series.count, "hasSeries": !profile.series.isEmpty,
            "chart": chart.svg(),
            "series": profile.series.reversed().map { p -> [String: Any] in
                ["day": p.asOf.description, "version": p.version, "suspect": p.suspect, "segment": p.segment,
                 "cells": segments.map { HTML.number(p.probabilities[$0]) }]
            },
        ]
        if let since = profile.since { context["since"] = since.description }
        if let r = profile.runnerUp {
            context["runnerUp"] = ["segment": r.segment, "evidence": HTML.number(r.evidence, 2),
                                   "flag": HTML.number(r.flagThreshold, 1), "confirm": HTML.number(r.confirmThreshold, 1)]
        }
        if let l = profile.latest { context["latest"] = ["segment": l.segment, "day": l.asOf.description, "version": l.version] }
        let events = try SegmentStateStore(database: env.database).events(since: nil, kinds: [], customer: id, limit: 200)
        context["events"] = events.reversed().map { e -> [String: Any] in
            ["day": e.asOf.description, "kind": e.kind.rawValue, "from": e.from ?? "–", "to": e.to ?? "–", "reason": e.reason]
        }
        context["hasEvents"] = !events.isEmpty
        return ConsolePage(title: "Customer", template: "customer", context: context)
    }
}

/// Thrown by a page that answers with a redirect (a search form's result).
struct ConsoleRedirect: Error {
    let location: String
}
