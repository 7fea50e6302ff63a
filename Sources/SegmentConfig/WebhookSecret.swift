import Foundation

/// Standard Webhooks secrets: `whsec_` followed by the base64 of the key bytes.
public enum WebhookSecret {
    public static func decode(_ secret: Secret) -> [UInt8]? {
        guard secret.value.hasPrefix("whsec_") else { return nil }
        guard let data = Data(base64Encoded: String(secret.value.dropFirst(6))), data.count >= 16 else { return nil }
        return Array(data)
    }
}
