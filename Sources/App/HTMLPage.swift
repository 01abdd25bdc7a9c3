import Domain
import HTTPTypes
import Hummingbird
import NIOCore

/// The shell of every page the server renders (the verify page, the dashboard): one document
/// structure and one set of response headers, so each page writes only its body and style.
enum HTMLPage {
    /// A whole document in `language`. Pages not meant for search engines (`indexed: false`)
    /// say so. `title` and `body` are HTML already escaped by the page.
    static func document(language: Language, title: String, indexed: Bool, style: String, body: String) -> String {
        """
        <!doctype html>
        <html lang="\(language.rawValue)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        \(indexed ? "" : "<meta name=\"robots\" content=\"noindex\">\n")<title>\(title)</title>
        <style>
        \(style)
        </style>
        </head>
        <body>
        \(body)
        </body>
        </html>
        """
    }

    /// The page as a response: UTF-8 HTML in `language`, under its content security policy.
    static func response(
        status: HTTPResponse.Status,
        language: Language,
        html: String,
        contentSecurityPolicy: String,
        vary: String = "Accept-Language",
        cacheControl: String? = nil
    ) -> Response {
        var headers: HTTPFields = [
            .contentType: "text/html; charset=utf-8", .contentLanguage: language.rawValue, .vary: vary,
            .contentSecurityPolicy: contentSecurityPolicy,
        ]
        if let cacheControl { headers[.cacheControl] = cacheControl }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
