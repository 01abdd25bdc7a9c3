import Configuration
import Foundation
import Logging
import PasswordHashing
import Persistence

/// Every setting the server reads, read once at start-up from flags and the environment.
///
/// Nothing else in the program reads the environment. When anything is missing or malformed,
/// `load` fails with one error that names every bad key, so an operator fixes them all in one go.
public struct Settings: Sendable {
    public enum LogFormat: String, Sendable { case json, text }

    public var databaseURL: String
    public var host: String
    public var port: Int
    /// The only base for absolute URLs in responses and credentials, never the listening address.
    public var publicBaseURL: URL
    public var logLevel: Logger.Level
    public var logFormat: LogFormat
    public var databasePoolSize: Int
    /// The database statistics, the dashboard's figures and reports read from (a streaming
    /// replica, `STATISTICS_DATABASE_URL`); nil reads them from the primary with no second pool.
    public var statisticsDatabaseURL: String?
    /// Most connections to the statistics database (`STATISTICS_POOL_SIZE`).
    public var statisticsPoolSize: Int
    public var corsAllowedOrigins: [String]
    /// The largest request body accepted on ordinary routes.
    public var bodyLimitBytes: Int
    /// The largest upload accepted where a route takes files (course packs).
    public var uploadLimitBytes: Int
    /// Key for the keyed hashes that stand in for personal values (device keys, throttling keys,
    /// codes): at least 32 random bytes, the same on every instance.
    public var secretKey: [UInt8]
    public var argon2: Argon2Parameters
    /// Take the client's address from the last `X-Forwarded-For` entry (behind a load balancer).
    public var trustForwardedFor: Bool
    /// The folder of course packs `serve` imports at start; nil turns that off.
    public var coursesDirectory: String?
    /// The Ed25519 key file certificates are signed with (`safeskills keys generate`).
    public var signingKeyFile: String?
    /// Key files retired by rotations: each still signs the status list of its certificates.
    public var previousSigningKeyFiles: [String]
    /// How codes reach people (`NOTIFIER`): see `NotifierSetting`.
    public var notifier: NotifierSetting
    /// Seconds a keep-alive connection may sit idle, which is also the most a request head may
    /// take to arrive.
    public var idleTimeoutSeconds: Int
    /// Seconds a request body may take to arrive after its head, and an upload's.
    public var requestReadTimeoutSeconds: Int
    public var uploadReadTimeoutSeconds: Int
    /// Where `/metrics` is served (`METRICS_ADDRESS`, host:port), never on the public listener;
    /// nil turns it off.
    public var metricsAddress: (host: String, port: Int)?
    /// PostgreSQL's `statement_timeout` for the server's request pool, in seconds (0: none).
    public var statementTimeoutSeconds: Int
    /// Seconds within which every request but an upload is answered (`REQUEST_TIMEOUT`).
    public var requestTimeoutSeconds: Int
    /// Seconds a request may wait for a database connection before it is refused (`ADMISSION_WAIT`).
    public var admissionWaitSeconds: Int
    /// Most requests waiting for a database connection at once (`ADMISSION_QUEUE`); one more is
    /// refused at once with 503 and `Retry-After`.
    public var admissionQueue: Int
    /// Seconds in-flight requests get to finish after SIGTERM before the server stops (`DRAIN_TIMEOUT`).
    public var drainTimeoutSeconds: Int
    /// The learning record store xAPI statements go to (`XAPI_LRS_URL`); nil queues none.
    public var learningRecordStore: LRSSetting?

    /// One entry per setting: its key (flags and `KEY_NAME` environment variables derive from it),
    /// its default, and what it means; the README's configuration table repeats this list.
    public static let keys: [(key: String, environment: String, defaultValue: String?, meaning: String)] = [
        ("database.url", "DATABASE_URL", nil, "PostgreSQL URL, postgres://user:password@host:port/database?sslmode=disable|prefer|require"),
        (
            "public.base.url", "PUBLIC_BASE_URL", nil,
            "absolute http(s) URL under which clients reach the server; every absolute URL in responses and credentials uses it"
        ),
        ("host", "HOST", "127.0.0.1", "address to listen on"),
        ("port", "PORT", "8080", "port to listen on (1-65535)"),
        ("log.level", "LOG_LEVEL", "info", "trace, debug, info, notice, warning, error or critical"),
        ("log.format", "LOG_FORMAT", "json", "json (one object per line) or text"),
        ("database.pool.size", "DATABASE_POOL_SIZE", nil, "most connections to PostgreSQL (default: 4 per core, at least 4)"),
        (
            "statistics.database.url", "STATISTICS_DATABASE_URL", nil,
            "PostgreSQL URL (as DATABASE_URL) of a streaming replica that statistics and the dashboard's figures read from; unset: the primary"
        ),
        (
            "statistics.pool.size", "STATISTICS_POOL_SIZE", nil,
            "with STATISTICS_DATABASE_URL: most connections to it (default: 2 per core, at least 2)"
        ),
        ("cors.allowed.origins", "CORS_ALLOWED_ORIGINS", "", "comma-separated origins (scheme://host[:port]) allowed to call the API from a browser"),
        ("body.limit.bytes", "BODY_LIMIT_BYTES", "1048576", "largest request body on ordinary routes"),
        ("upload.limit.bytes", "UPLOAD_LIMIT_BYTES", "52428800", "largest upload where a route takes files"),
        (
            "secret.key", "SECRET_KEY", nil,
            "base64 of at least 32 random bytes for keyed hashes; the same on every instance (`openssl rand -base64 32`)"
        ),
        ("argon2.memory.kib", "ARGON2_MEMORY_KIB", "19456", "Argon2id memory per hash in KiB (at least 19456)"),
        ("argon2.iterations", "ARGON2_ITERATIONS", "2", "Argon2id passes (at least 2)"),
        ("argon2.parallelism", "ARGON2_PARALLELISM", "1", "Argon2id lanes (at least 1)"),
        ("trust.forwarded.for", "TRUST_FORWARDED_FOR", "false", "true behind a load balancer that appends the client address to X-Forwarded-For"),
        ("courses.dir", "COURSES_DIR", "Courses", "folder of course packs that serve imports at start; empty to import none"),
        ("signing.key.file", "SIGNING_KEY_FILE", nil, "the Ed25519 key file that signs certificates (`safeskills keys generate`)"),
        (
            "previous.signing.key.files", "PREVIOUS_SIGNING_KEY_FILES", "",
            "comma-separated key files retired by rotations; each keeps signing its certificates' status list"
        ),
        (
            "notifier", "NOTIFIER", "log",
            "how codes reach people: smtp, command, webhook, or log (development only, refused unless ALLOW_LOG_NOTIFIER=true)"
        ),
        ("allow.log.notifier", "ALLOW_LOG_NOTIFIER", "false", "true lets NOTIFIER=log write codes to the log (development and trials only)"),
        ("smtp.url", "SMTP_URL", nil, "for NOTIFIER=smtp: smtp://host:port of the mail relay (a local relay that does TLS onwards)"),
        ("smtp.from", "SMTP_FROM", nil, "for NOTIFIER=smtp: the sender address, e.g. no-reply@safeskills.example.org"),
        (
            "notifier.command", "NOTIFIER_COMMAND", nil,
            "for NOTIFIER=command: the program (and fixed arguments) that gets each message as JSON on its standard input"
        ),
        ("notifier.webhook.url", "NOTIFIER_WEBHOOK_URL", nil, "for NOTIFIER=webhook: the https URL each message is POSTed to as JSON"),
        ("notifier.webhook.token", "NOTIFIER_WEBHOOK_TOKEN", "", "for NOTIFIER=webhook: sent as Authorization: Bearer (environment only)"),
        ("idle.timeout", "IDLE_TIMEOUT", "60", "seconds an idle keep-alive connection stays open; also the most a request head may take"),
        ("request.read.timeout", "REQUEST_READ_TIMEOUT", "30", "seconds a request body may take to arrive after its head"),
        ("upload.read.timeout", "UPLOAD_READ_TIMEOUT", "600", "seconds an upload's body may take to arrive"),
        ("metrics.address", "METRICS_ADDRESS", "127.0.0.1:9464", "host:port of the separate /metrics listener for Prometheus; empty for none"),
        (
            "database.statement.timeout", "DATABASE_STATEMENT_TIMEOUT", "30",
            "PostgreSQL statement_timeout in seconds for the server's requests; 0 for none"
        ),
        (
            "request.timeout", "REQUEST_TIMEOUT", "10",
            "seconds within which a request (not an upload) is answered; past it, 503 request-interrupted"
        ),
        (
            "admission.wait", "ADMISSION_WAIT", "2",
            "seconds a request may wait for a database connection; past it, 503 service-unavailable with nothing done"
        ),
        (
            "admission.queue", "ADMISSION_QUEUE", "1024",
            "most requests waiting for a database connection at once; one more gets 503 service-unavailable at once"
        ),
        ("drain.timeout", "DRAIN_TIMEOUT", "30", "seconds in-flight requests get to finish after SIGTERM before the server stops"),
        (
            "xapi.lrs.url", "XAPI_LRS_URL", nil,
            "the learning record store's xAPI endpoint (e.g. https://lrs.example.org/xAPI); unset: no xAPI statements are queued or sent"
        ),
        ("xapi.lrs.username", "XAPI_LRS_USERNAME", nil, "with XAPI_LRS_URL: the store's Basic auth user"),
        ("xapi.lrs.password", "XAPI_LRS_PASSWORD", nil, "with XAPI_LRS_URL: the store's Basic auth password (environment only)"),
        ("xapi.lrs.password.file", "XAPI_LRS_PASSWORD_FILE", nil, "instead of XAPI_LRS_PASSWORD: a file holding the password"),
        ("xapi.batch.size", "XAPI_BATCH_SIZE", "50", "most statements in one POST to the store (1-500)"),
        (
            "xapi.send.interval", "XAPI_SEND_INTERVAL", "5",
            "seconds between this node's sending runs; 0: this node only queues (another node sends)"
        ),
    ]

    public struct Invalid: Error, CustomStringConvertible {
        public var problems: [String]

        public var description: String {
            "invalid configuration:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
        }
    }

    /// Reads the settings, flags first (an in-memory provider in front), then the environment.
    ///
    /// Maintenance commands that only touch the database pass `forServing: false`, so they do not
    /// demand a public base URL they never use.
    public static func load(
        from reader: ConfigReader,
        forServing: Bool = true,
        cores: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws -> Settings {
        var problems: [String] = []
        func raw(_ key: String) -> String? {
            let value = reader.string(
                forKey: ConfigKey(key),
                isSecret: ["database.url", "statistics.database.url", "notifier.webhook.token", "xapi.lrs.password"].contains(key)
            )
            return value?.isEmpty == true ? nil : value
        }
        func name(_ key: String) -> String {
            let environment = keys.first { $0.key == key }?.environment ?? key
            return "\(environment) (--\(key.replacingOccurrences(of: ".", with: "-")))"
        }
        func required(_ key: String) -> String? {
            guard let value = raw(key) else {
                problems.append("\(name(key)) is required")
                return nil
            }
            return value
        }
        func integer(_ key: String, default defaultValue: Int, in range: ClosedRange<Int>) -> Int {
            guard let text = raw(key) else { return defaultValue }
            guard let value = Int(text), range.contains(value) else {
                problems.append("\(name(key)) must be a whole number from \(range.lowerBound) to \(range.upperBound), not \"\(text)\"")
                return defaultValue
            }
            return value
        }

        let databaseURL = required("database.url") ?? ""
        if !databaseURL.isEmpty {
            do {
                _ = try DatabaseURL.configuration(from: databaseURL)
            } catch {
                problems.append("\(name("database.url")) \(error)")
            }
        }

        let statisticsDatabaseURL = raw("statistics.database.url")
        if let statisticsDatabaseURL {
            do {
                _ = try DatabaseURL.configuration(from: statisticsDatabaseURL)
            } catch {
                problems.append("\(name("statistics.database.url")) \(error)")
            }
        }

        var publicBaseURL = URL(string: "http://127.0.0.1:8080")!
        if let text = forServing ? required("public.base.url") : raw("public.base.url") {
            if let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme),
                url.host?.isEmpty == false, url.query == nil, url.fragment == nil
            {
                // Stored without a trailing slash so paths can be appended as "/v1/...".
                publicBaseURL = text.hasSuffix("/") ? URL(string: String(text.dropLast()))! : url
            } else {
                problems.append("\(name("public.base.url")) must be an absolute http or https URL without query or fragment, not \"\(text)\"")
            }
        }

        let logLevelText = raw("log.level") ?? "info"
        let logLevel = Logger.Level(rawValue: logLevelText.lowercased())
        if logLevel == nil {
            problems.append("\(name("log.level")) must be one of trace, debug, info, notice, warning, error, critical, not \"\(logLevelText)\"")
        }
        let logFormatText = raw("log.format") ?? "json"
        let logFormat = LogFormat(rawValue: logFormatText.lowercased())
        if logFormat == nil {
            problems.append("\(name("log.format")) must be json or text, not \"\(logFormatText)\"")
        }

        var origins: [String] = []
        for origin in (raw("cors.allowed.origins") ?? "").split(separator: ",") {
            let trimmed = origin.trimmingCharacters(in: .whitespaces)
            guard let url = URL(string: trimmed), let scheme = url.scheme, ["http", "https"].contains(scheme),
                url.host != nil, url.path.isEmpty, url.query == nil
            else {
                problems.append("\(name("cors.allowed.origins")) has \"\(trimmed)\", which is not an origin like https://app.example.org")
                continue
            }
            origins.append(trimmed)
        }

        var secretKey: [UInt8] = []
        if let text = forServing ? required("secret.key") : raw("secret.key") {
            if let data = Data(base64Encoded: text), data.count >= 32 {
                secretKey = [UInt8](data)
            } else {
                problems.append("\(name("secret.key")) must be base64 of at least 32 bytes")
            }
        }
        let argon2 = Argon2Parameters(
            memoryKiB: UInt32(integer("argon2.memory.kib", default: 19_456, in: 19_456...4_194_304)),
            iterations: UInt32(integer("argon2.iterations", default: 2, in: 2...100)),
            parallelism: UInt32(integer("argon2.parallelism", default: 1, in: 1...64))
        )

        var signingKeyFile: String?
        if let path = forServing ? required("signing.key.file") : raw("signing.key.file") {
            if FileManager.default.isReadableFile(atPath: path) {
                signingKeyFile = path
            } else {
                problems.append("\(name("signing.key.file")) names \(path), which cannot be read")
            }
        }

        var previousKeyFiles: [String] = []
        for path in (raw("previous.signing.key.files") ?? "").split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) })
        where !path.isEmpty {
            if FileManager.default.isReadableFile(atPath: path) {
                previousKeyFiles.append(path)
            } else {
                problems.append("\(name("previous.signing.key.files")) names \(path), which cannot be read")
            }
        }

        func flag(_ key: String) -> Bool {
            guard let text = raw(key) else { return false }
            switch text.lowercased() {
            case "true", "1", "yes": return true
            case "false", "0", "no": return false
            default:
                problems.append("\(name(key)) must be true or false, not \"\(text)\"")
                return false
            }
        }
        let notifier = NotifierSetting.load(
            kind: raw("notifier") ?? "log",
            allowLog: flag("allow.log.notifier"),
            forServing: forServing,
            value: raw,
            name: name,
            problems: &problems
        )
        var metricsAddress: (host: String, port: Int)? = ("127.0.0.1", 9464)
        if let text = reader.string(forKey: "metrics.address") {
            if text.isEmpty {
                metricsAddress = nil
            } else if let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port),
                colon > text.startIndex
            {
                metricsAddress = (String(text[..<colon]), port)
            } else {
                problems.append("\(name("metrics.address")) must be host:port (e.g. 127.0.0.1:9464) or empty, not \"\(text)\"")
            }
        }

        let learningRecordStore = LRSSetting.load(
            batchSize: integer("xapi.batch.size", default: 50, in: 1...500),
            sendIntervalSeconds: integer("xapi.send.interval", default: 5, in: 0...3600),
            value: raw,
            name: name,
            problems: &problems
        )

        let settings = Settings(
            databaseURL: databaseURL,
            host: raw("host") ?? "127.0.0.1",
            port: integer("port", default: 8080, in: 1...65535),
            publicBaseURL: publicBaseURL,
            logLevel: logLevel ?? .info,
            logFormat: logFormat ?? .json,
            databasePoolSize: integer("database.pool.size", default: max(4, cores * 4), in: 1...1000),
            statisticsDatabaseURL: statisticsDatabaseURL,
            statisticsPoolSize: integer("statistics.pool.size", default: max(2, cores * 2), in: 1...1000),
            corsAllowedOrigins: origins,
            bodyLimitBytes: integer("body.limit.bytes", default: 1 << 20, in: 1024...(64 << 20)),
            uploadLimitBytes: integer("upload.limit.bytes", default: 50 << 20, in: 1024...(1 << 30)),
            secretKey: secretKey,
            argon2: argon2,
            trustForwardedFor: flag("trust.forwarded.for"),
            coursesDirectory: reader.string(forKey: "courses.dir", default: "Courses").isEmpty
                ? nil : reader.string(forKey: "courses.dir", default: "Courses"),
            signingKeyFile: signingKeyFile,
            previousSigningKeyFiles: previousKeyFiles,
            notifier: notifier,
            idleTimeoutSeconds: integer("idle.timeout", default: 60, in: 1...3600),
            requestReadTimeoutSeconds: integer("request.read.timeout", default: 30, in: 1...3600),
            uploadReadTimeoutSeconds: integer("upload.read.timeout", default: 600, in: 1...86400),
            metricsAddress: metricsAddress,
            statementTimeoutSeconds: integer("database.statement.timeout", default: 30, in: 0...86400),
            requestTimeoutSeconds: integer("request.timeout", default: 10, in: 1...3600),
            admissionWaitSeconds: integer("admission.wait", default: 2, in: 0...3600),
            admissionQueue: integer("admission.queue", default: 1024, in: 1...100_000),
            drainTimeoutSeconds: integer("drain.timeout", default: 30, in: 1...3600),
            learningRecordStore: learningRecordStore
        )
        guard problems.isEmpty else { throw Invalid(problems: problems) }
        return settings
    }

    public init(
        databaseURL: String,
        host: String = "127.0.0.1",
        port: Int = 8080,
        publicBaseURL: URL,
        logLevel: Logger.Level = .info,
        logFormat: LogFormat = .json,
        databasePoolSize: Int = 4,
        statisticsDatabaseURL: String? = nil,
        statisticsPoolSize: Int = 2,
        corsAllowedOrigins: [String] = [],
        bodyLimitBytes: Int = 1 << 20,
        uploadLimitBytes: Int = 50 << 20,
        secretKey: [UInt8] = [],
        argon2: Argon2Parameters = .minimum,
        trustForwardedFor: Bool = false,
        coursesDirectory: String? = nil,
        signingKeyFile: String? = nil,
        previousSigningKeyFiles: [String] = [],
        notifier: NotifierSetting = .log,
        idleTimeoutSeconds: Int = 60,
        requestReadTimeoutSeconds: Int = 30,
        uploadReadTimeoutSeconds: Int = 600,
        metricsAddress: (host: String, port: Int)? = nil,
        statementTimeoutSeconds: Int = 30,
        requestTimeoutSeconds: Int = 10,
        admissionWaitSeconds: Int = 2,
        admissionQueue: Int = 1024,
        drainTimeoutSeconds: Int = 30,
        learningRecordStore: LRSSetting? = nil
    ) {
        self.databaseURL = databaseURL
        self.host = host
        self.port = port
        self.publicBaseURL = publicBaseURL
        self.logLevel = logLevel
        self.logFormat = logFormat
        self.databasePoolSize = databasePoolSize
        self.statisticsDatabaseURL = statisticsDatabaseURL
        self.statisticsPoolSize = statisticsPoolSize
        self.corsAllowedOrigins = corsAllowedOrigins
        self.bodyLimitBytes = bodyLimitBytes
        self.uploadLimitBytes = uploadLimitBytes
        self.secretKey = secretKey
        self.argon2 = argon2
        self.trustForwardedFor = trustForwardedFor
        self.coursesDirectory = coursesDirectory
        self.signingKeyFile = signingKeyFile
        self.previousSigningKeyFiles = previousSigningKeyFiles
        self.notifier = notifier
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.requestReadTimeoutSeconds = requestReadTimeoutSeconds
        self.uploadReadTimeoutSeconds = uploadReadTimeoutSeconds
        self.metricsAddress = metricsAddress
        self.statementTimeoutSeconds = statementTimeoutSeconds
        self.requestTimeoutSeconds = requestTimeoutSeconds
        self.admissionWaitSeconds = admissionWaitSeconds
        self.admissionQueue = admissionQueue
        self.drainTimeoutSeconds = drainTimeoutSeconds
        self.learningRecordStore = learningRecordStore
    }
}
