import Crypto
import Foundation
import Hummingbird
import SegmentConfig

/// A console sign-in: the token's name and role, carried in an HttpOnly, SameSite=Strict cookie that holds neither
/// the token nor anything it can be recovered from. The cookie is `name.expiry.mac`, where the MAC is an HMAC-SHA256
/// keyed by a hash of the token itself: it survives a restart, and removing or rotating a token in the configuration
/// signs out every browser that used it.
struct ConsoleSession: Sendable, Equatable {
    static let cookieName = "segmentops_console"
    static let lifetime: TimeInterval = 12 * 3600

    let tokenName: String
    let role: APIToken.Role
    let expires: Int

    /// The `Set-Cookie` value that signs `token` in until `now + lifetime`.
    static func issue(_ token: APIToken, now: Date) -> String {
        let expires = Int(now.timeIntervalSince1970 + lifetime)
        let value = "\(encode(token.name)).\(expires).\(mac(token, expires: expires))"
        return "\(cookieName)=\(value); Path=/ui; Max-Age=\(Int(lifetime)); HttpOnly; SameSite=Strict"
    }

    /// The `Set-Cookie` value that signs out.
    static let cleared = "\(cookieName)=; Path=/ui; Max-Age=0; HttpOnly; SameSite=Strict"

    /// The session the request's cookie proves, if any (an expired, forged or revoked cookie proves none).
    static func current(_ request: Request, tokens: [APIToken], now: Date) -> ConsoleSession? {
        guard let header = request.headers[.cookie] else { return nil }
        for part in header.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces)
            guard pair.hasPrefix(cookieName + "=") else { continue }
            let fields = pair.dropFirst(cookieName.count + 1).split(separator: ".", omittingEmptySubsequences: false)
            guard fields.count == 3, let name = decode(String(fields[0])), let expires = Int(fields[1]),
                  Double(expires) > now.timeIntervalSince1970,
                  let token = tokens.first(where: { $0.name == name }),
                  Authorizer.constantTimeEquals(mac(token, expires: expires), String(fields[2])) else { continue }
            return ConsoleSession(tokenName: name, role: token.role, expires: expires)
        }
        return nil
    }

    private static func mac(_ token: APIToken, expires: Int) -> String {
        let key = SymmetricKey(data: SHA256.hash(data: Data("segmentops-console|\(token.token.value)".utf8)))
        let message = Data("\(token.name)|\(token.role.rawValue)|\(expires)".utf8)
        return Data(HMAC<SHA256>.authenticationCode(for: message, using: key)).map { String(format: "%02x", $0) }.joined()
    }

    /// Token names are free text in the configuration: hex keeps the cookie value within its allowed characters.
    private static func encode(_ name: String) -> String { Data(name.utf8).map { String(format: "%02x", $0) }.joined() }

    private static func decode(_ hex: String) -> String? {
        guard hex.count % 2 == 0 else { return nil }
        var bytes = [UInt8]()
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return String(bytes: bytes, encoding: .utf8)
    }
}
