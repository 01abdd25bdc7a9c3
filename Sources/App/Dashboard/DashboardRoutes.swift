import Domain
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Persistence
import Services

/// `GET /dashboard`, `POST /dashboard/session` and `POST /dashboard/sign-out`: the statistics
/// dashboard for browsers, which cannot send a bearer token, so it signs in with a form and keeps
/// the access token in a `__Host-` cookie (HttpOnly, Secure, SameSite=Strict). The cookie is
/// accepted for GET requests to the dashboard and the statistics API only (AuthenticationMiddleware).
struct DashboardRoutes {
    static let cookie = "__Host-safeskills"
    let services: ServiceSet
    let publicBaseURL: URL

    func register(on registrar: RouteRegistrar<AppRequestContext>) {
        registrar.on("/dashboard", method: .get) { request, _ in
            try await page(language: Self.language(request), year: request.uri.queryParameters["year"].map(String.init))
        }
        registrar.on("/dashboard/session", method: .post) { request, _ in
            try await signIn(request)
        }
        registrar.on("/dashboard/sign-out", method: .post) { request, _ in
            try await signOut(request)
        }
    }

    /// `?lang=` first (the page's language links), then Accept-Language.
    static func language(_ request: Request) -> Language {
        request.uri.queryParameters["lang"].flatMap { Language(rawValue: String($0)) } ?? RequestScope.current.language
    }

    /// The dashboard as of today, or as of the last day of `year` (`?year=`).
    func page(language: Language, year: String? = nil) async throws -> Response {
        let scope = try await RequestScope.current.verified(by: services.accounts)
        guard let principal = scope.principal else {
            return html(.ok, language, DashboardPage.signIn(language: language, message: nil, identifier: ""))
        }
        guard principal.hasAny(Role.readsStatistics) else {
            return html(.forbidden, language, DashboardPage.signIn(language: language, message: Self.noAccess, identifier: ""))
        }
        var errors: [FieldError] = []
        let asOf = year.flatMap { text -> VietnamDay? in
            guard let year = Int(text) else {
                errors.append(
                    FieldError(
                        pointer: "/query/year",
                        message: LocalizedText(vi: "Năm phải là một số, như 2025.", en: "The year is a number, like 2025.")
                    )
                )
                return nil
            }
            return StatisticsQuery.day(ofYear: year, pointer: "/query/year", today: services.reach.today, errors: &errors)
        }
        guard errors.isEmpty else { throw Problem(.validation, errors: errors) }
        let view = DashboardView(try await services.reach.dashboard(asOf: asOf), language: language)
        return html(.ok, language, DashboardPage.page(view))
    }

    func signIn(_ request: Request) async throws -> Response {
        let language = Self.language(request)
        guard sameOrigin(request) else {
            return html(.forbidden, language, DashboardPage.signIn(language: language, message: Self.otherSite, identifier: ""))
        }
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else {
            throw Problem(.unsupportedMediaType)
        }
        var request = request
        let form = Self.form(String(buffer: try await request.collectBody(upTo: 16 * 1024)))
        let identifier = form["identifier"] ?? ""
        let again = { (status: HTTPResponse.Status, message: LocalizedText) in
            html(status, language, DashboardPage.signIn(language: language, message: message, identifier: identifier))
        }
        guard !identifier.isEmpty, let password = form["password"], !password.isEmpty else {
            return again(.unprocessableContent, Self.fillBoth)
        }
        let issued: TokenStore.Issued
        do {
            issued = try await services.accounts.signIn(
                identifier: identifier,
                password: password,
                deviceKey: nil,
                clientAddress: RequestScope.current.clientAddress
            )
        } catch let refusal as Refusal {
            let problem = Problem(refusal)
            var response = again(problem.kind.status, problem.detail ?? problem.kind.title)
            if let seconds = problem.retryAfterSeconds { response.headers[.retryAfter] = String(seconds) }
            return response
        }
        let principal = try await services.accounts.authenticate(issued.accessToken)
        guard let principal, principal.hasAny(Role.readsStatistics) else {
            // A session nobody will use is closed at once.
            try await services.accounts.endSession(learnerID: issued.learnerID, chainID: issued.chainID)
            return again(.forbidden, Self.noAccess)
        }
        let lifetime = Int(services.accounts.accessLifetime)
        var response = Response(status: .seeOther, headers: [.location: "/dashboard?lang=\(language.rawValue)", .cacheControl: "no-store"])
        response.headers[.setCookie] = "\(Self.cookie)=\(issued.accessToken); Path=/; Max-Age=\(lifetime); HttpOnly; Secure; SameSite=Strict"
        return response
    }

    /// Ends the session on the server as well as in the browser; a form from another site
    /// changes nothing, not even the cookie.
    func signOut(_ request: Request) async throws -> Response {
        guard sameOrigin(request) else {
            let language = Self.language(request)
            return html(.forbidden, language, DashboardPage.signIn(language: language, message: Self.otherSite, identifier: ""))
        }
        if let token = Self.cookieToken(request), let principal = try await services.accounts.authenticate(token) {
            try await services.accounts.endSession(learnerID: principal.learnerID, chainID: principal.chainID)
        }
        var response = Response(
            status: .seeOther,
            headers: [.location: "/dashboard?lang=\(Self.language(request).rawValue)", .cacheControl: "no-store"]
        )
        response.headers[.setCookie] = "\(Self.cookie)=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Strict"
        return response
    }

    /// A browser names the page a form was sent from; one from another site is refused, so no
    /// other site can sign someone in or out. Clients that send no `Origin` are not browsers' forms.
    func sameOrigin(_ request: Request) -> Bool {
        // Browsers that send Fetch Metadata say outright where a form came from; a page cannot
        // forge it.
        if let site = request.headers[.secFetchSite] { return site == "same-origin" || site == "none" }
        guard let origin = request.headers[.origin] else { return true }
        var expected = "\(publicBaseURL.scheme ?? "https")://\(publicBaseURL.host ?? "")"
        if let port = publicBaseURL.port { expected += ":\(port)" }
        return origin == expected
    }

    /// The session cookie's token, if the request carries one.
    static func cookieToken(_ request: Request) -> String? {
        for field in request.headers[values: .cookie] {
            for pair in field.split(separator: ";") {
                let trimmed = pair.trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix(cookie + "=") { return String(trimmed.dropFirst(cookie.count + 1)) }
            }
        }
        return nil
    }

    /// An `application/x-www-form-urlencoded` body: `+` is a space, then percent-decoding.
    static func form(_ body: String) -> [String: String] {
        var values: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring) in String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            if let name = parts.first { values[decode(name)] = parts.count > 1 ? decode(parts[1]) : "" }
        }
        return values
    }

    func html(_ status: HTTPResponse.Status, _ language: Language, _ page: String) -> Response {
        HTMLPage.response(
            status: status,
            language: language,
            html: page,
            contentSecurityPolicy: DashboardPage.contentSecurityPolicy,
            vary: "Accept-Language, Cookie",
            cacheControl: "no-store"
        )
    }

    static let noAccess = LocalizedText(
        vi: "Tài khoản này không có quyền xem số liệu thống kê.",
        en: "This account may not see the statistics."
    )
    static let otherSite = LocalizedText(
        vi: "Biểu mẫu được gửi từ một trang khác; hãy đăng nhập ngay trên trang này.",
        en: "The form was sent from another site; sign in on this page."
    )
    static let fillBoth = LocalizedText(
        vi: "Hãy nhập email hoặc số điện thoại và mật khẩu.",
        en: "Enter your email or phone number and your password."
    )
}
