import Crypto
import Foundation
import SegmentConfig

/// Standard Webhooks signing: `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`.
public enum WebhookSigner {
    public static func signature(id: String, timestamp: Int, body: Data, key: [UInt8]) -> String {
        var signed = Data("\(id).\(timestamp).".utf8)
        signed.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: key))
        return "v1," + Data(mac).base64EncodedString()
    }

    /// The three Standard Webhooks headers.
    public static func headers(id: String, timestamp: Int, body: Data, secret: Secret) -> [(String, String)] {
        guard let key = WebhookSecret.decode(secret) else { return [] }
        return [("webhook-id", id), ("webhook-timestamp", String(timestamp)),
                ("webhook-signature", signature(id: id, timestamp: timestamp, body: body, key: key))]
    }
}
