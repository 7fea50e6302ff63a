import Alerting
import Crypto
import Foundation
import Hummingbird
import Logging
import SegmentConfig
import ServiceLifecycle

/// A webhook receiver on 127.0.0.1 for the demo: checks every Standard Webhooks signature and counts what arrives,
/// so the demo shows alerts travelling the real path (outbox → libcurl → HTTP → signature check).
public final class DemoReceiver: Sendable {
    public struct Tally: Sendable {
        public var received = 0
        public var badSignatures = 0
        public var firing: [String] = []
        public var resolved: [String] = []
        /// Every `webhook-id` received, in order (a retry repeats an id; a duplicate never has a new one).
        public var ids: [String] = []
    }

    let tally = LockedTally()
    public let secret: Secret
    private let group: ServiceGroup
    private let port = LockedPort()

    public init(secret: Secret, logger: Logger) {
        self.secret = secret
        let tally = self.tally, port = self.port
        let key = WebhookSecret.decode(secret) ?? []
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let data = Data(buffer: body)
            let id = request.headers[values: .init("webhook-id")!].first ?? ""
            let timestamp = request.headers[values: .init("webhook-timestamp")!].first ?? ""
            let signature = request.headers[values: .init("webhook-signature")!].first ?? ""
            var signed = Data("\(id).\(timestamp).".utf8)
            signed.append(data)
            let expected = "v1," + Data(HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: key))).base64EncodedString()
            guard signature == expected else {
                tally.update { $0.badSignatures += 1 }
                return Response(status: .unauthorized)
            }
            let payload = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
            let status = payload?["status"] as? String ?? "?"
            let name = ((payload?["commonLabels"] as? [String: String])?["alertname"]) ?? "?"
            tally.update {
                $0.received += 1
                $0.ids.append(id)
                if status == "resolved" { $0.resolved.append(name) } else { $0.firing.append(name) }
            }
            return Response(status: .ok)
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in port.set(channel.localAddress?.port ?? 0) }, logger: logger)
        group = ServiceGroup(configuration: .init(services: [app], logger: logger))
    }

    /// Starts serving; returns the URL once listening.
    public func start() async throws -> String {
        let group = self.group
        Task { try? await group.run() }
        for _ in 0..<200 {
            if let p = port.get(), p > 0 { return "http://127.0.0.1:\(p)/hook" }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        throw CancellationError()
    }

    public func stop() async { await group.triggerGracefulShutdown() }

    public var snapshot: Tally { tally.get() }
}

final class LockedTally: @unchecked Sendable {
    private let lock = NSLock()
    private var value = DemoReceiver.Tally()
    func update(_ body: (inout DemoReceiver.Tally) -> Void) { lock.withLock { body(&value) } }
    func get() -> DemoReceiver.Tally { lock.withLock { value } }
}

final class LockedPort: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Int?
    func set(_ v: Int) { lock.withLock { value = v } }
    func get() -> Int? { lock.withLock { value } }
}
