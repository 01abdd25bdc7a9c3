import Foundation

/// Where xAPI statements go (`XAPI_LRS_URL` and its credentials), or nowhere: with no URL no
/// statement is queued or sent.
public struct LRSSetting: Sendable, Equatable {
    /// The store's xAPI endpoint (for Ralph, `http://host:port/xAPI`); statements are POSTed to
    /// its `/statements`.
    public var endpoint: URL
    public var username: String
    public var password: String
    /// Most statements in one POST.
    public var batchSize: Int
    /// Seconds between this node's sending runs; 0: this node queues statements and another sends them.
    public var sendIntervalSeconds: Int

    public init(endpoint: URL, username: String, password: String, batchSize: Int = 50, sendIntervalSeconds: Int = 5) {
        self.endpoint = endpoint
        self.username = username
        self.password = password
        self.batchSize = batchSize
        self.sendIntervalSeconds = sendIntervalSeconds
    }

    static func load(
        batchSize: Int,
        sendIntervalSeconds: Int,
        value: (String) -> String?,
        name: (String) -> String,
        problems: inout [String]
    ) -> LRSSetting? {
        guard let text = value("xapi.lrs.url") else {
            for key in ["xapi.lrs.username", "xapi.lrs.password", "xapi.lrs.password.file"] where value(key) != nil {
                problems.append("\(name(key)) is set but \(name("xapi.lrs.url")) is not: set both, or neither to send no statements")
            }
            return nil
        }
        var endpoint: URL?
        if let url = URL(string: text.hasSuffix("/") ? String(text.dropLast()) : text), let scheme = url.scheme,
            ["http", "https"].contains(scheme), url.host?.isEmpty == false, url.query == nil, url.fragment == nil, url.user == nil
        {
            endpoint = url
        } else {
            problems.append(
                "\(name("xapi.lrs.url")) must be the learning record store's xAPI endpoint, an http(s) URL such as "
                    + "https://lrs.example.org/xAPI without credentials, query or fragment, not \"\(text)\""
            )
        }
        let username = value("xapi.lrs.username")
        if username == nil { problems.append("\(name("xapi.lrs.username")) is required with \(name("xapi.lrs.url"))") }
        var password: String?
        switch (value("xapi.lrs.password"), value("xapi.lrs.password.file")) {
        case (let direct?, nil):
            password = direct
        case (nil, let path?):
            if let contents = try? String(contentsOfFile: path, encoding: .utf8) {
                password = contents.trimmingCharacters(in: .newlines)
                if password?.isEmpty == true {
                    problems.append("\(name("xapi.lrs.password.file")) names \(path), which is empty")
                }
            } else {
                problems.append("\(name("xapi.lrs.password.file")) names \(path), which cannot be read")
            }
        case (nil, nil):
            problems.append("\(name("xapi.lrs.password")) or \(name("xapi.lrs.password.file")) is required with \(name("xapi.lrs.url"))")
        case (_?, _?):
            problems.append("set only one of \(name("xapi.lrs.password")) and \(name("xapi.lrs.password.file"))")
        }
        guard let endpoint, let username, let password, !password.isEmpty else { return nil }
        return LRSSetting(endpoint: endpoint, username: username, password: password, batchSize: batchSize, sendIntervalSeconds: sendIntervalSeconds)
    }
}
