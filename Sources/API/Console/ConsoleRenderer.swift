import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// One rendered console page: a title, the template of its body and what the template reads.
struct ConsolePage {
    let title: String
    let template: String
    let context: [String: Any]
    var status: HTTPResponse.Status = .ok
}

/// Renders console pages with the layout (navigation, sign-in state, print footer) and the headers every page
/// carries: no scripts allowed at all, no caching, no framing, no referrer.
enum ConsoleRenderer {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, text) in ConsoleTemplates.all {
            // The templates are constants of this program: a parse error is a programming error found by the tests.
            try! library.register(text, named: name)
        }
        return library
    }()

    static let securityHeaders: HTTPFields = [
        .contentType: "text/html; charset=utf-8",
        .cacheControl: "no-store",
        HTTPField.Name("Content-Security-Policy")!:
            "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        HTTPField.Name("Referrer-Policy")!: "no-referrer",
        HTTPField.Name("X-Frame-Options")!: "DENY",
    ]

    /// The page's HTML inside the layout.
    static func html(_ page: ConsolePage, session: ConsoleSession?, generatedAt: Date) -> String {
        let body = library.render(page.context, withTemplate: page.template) ?? ""
        let layout: [String: Any] = [
            "title": page.title, "body": body, "signedIn": session != nil,
            "who": session.map { "\($0.tokenName) (\($0.role.rawValue))" } ?? "",
            "generatedAt": ConsoleFormat.time(generatedAt),
        ]
        return library.render(layout, withTemplate: "layout") ?? ""
    }

    static func response(_ page: ConsolePage, session: ConsoleSession?, generatedAt: Date,
                         extraHeaders: HTTPFields = [:]) -> Response {
        var headers = securityHeaders
        headers.append(contentsOf: extraHeaders)
        return Response(status: page.status, headers: headers,
                        body: .init(byteBuffer: ByteBuffer(string: html(page, session: session, generatedAt: generatedAt))))
    }

    /// A clear error page (4xx for bad links and parameters), never a stack trace.
    static func error(_ error: APIError, path: String, generatedAt: Date) -> Response {
        let page = ConsolePage(title: "\(error.status.code) \(error.status.reasonPhrase)", template: "error",
                               context: ["message": error.message, "path": path,
                                         "signIn": error.status == .unauthorized || error.status == .forbidden],
                               status: error.status)
        return response(page, session: nil, generatedAt: generatedAt)
    }

    /// A redirect after a form post or to the sign-in page.
    static func redirect(_ location: String, cookie: String? = nil) -> Response {
        var headers: HTTPFields = [.location: location, .cacheControl: "no-store"]
        if let cookie { headers[.setCookie] = cookie }
        return Response(status: .seeOther, headers: headers)
    }
}
