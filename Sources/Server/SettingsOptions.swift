import App
import ArgumentParser
import Configuration

/// Flags for every setting but `SECRET_KEY`, `NOTIFIER_WEBHOOK_TOKEN` and `XAPI_LRS_PASSWORD`, which stay out of
/// process listings (environment or environment file only); a flag wins over the environment
/// variable of the same name.
struct SettingsOptions: ParsableArguments {
    @Option(help: "PostgreSQL URL (env DATABASE_URL).") var databaseURL: String?
    @Option(help: "Absolute URL clients use to reach the server (env PUBLIC_BASE_URL).") var publicBaseURL: String?
    @Option(help: "Address to listen on (env HOST, default 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on (env PORT, default 8080).") var port: String?
    @Option(help: "trace, debug, info, notice, warning, error, critical (env LOG_LEVEL, default info).") var logLevel: String?
    @Option(help: "json or text (env LOG_FORMAT, default json).") var logFormat: String?
    @Option(help: "Most database connections (env DATABASE_POOL_SIZE).") var databasePoolSize: String?
    @Option(help: "PostgreSQL URL of a replica statistics read from, unset for the primary (env STATISTICS_DATABASE_URL).")
    var statisticsDatabaseUrl: String?
    @Option(help: "Most connections to the statistics database (env STATISTICS_POOL_SIZE).") var statisticsPoolSize: String?
    @Option(help: "Comma-separated browser origins allowed by CORS (env CORS_ALLOWED_ORIGINS).") var corsAllowedOrigins: String?
    @Option(help: "Largest request body in bytes (env BODY_LIMIT_BYTES).") var bodyLimitBytes: String?
    @Option(help: "Largest upload in bytes (env UPLOAD_LIMIT_BYTES).") var uploadLimitBytes: String?
    @Option(help: "Argon2id memory in KiB, at least 19456 (env ARGON2_MEMORY_KIB).") var argon2MemoryKib: String?
    @Option(help: "Argon2id passes, at least 2 (env ARGON2_ITERATIONS).") var argon2Iterations: String?
    @Option(help: "Argon2id lanes (env ARGON2_PARALLELISM).") var argon2Parallelism: String?
    @Option(help: "true behind a load balancer that sets X-Forwarded-For (env TRUST_FORWARDED_FOR).") var trustForwardedFor: String?
    @Option(help: "Ed25519 key file that signs certificates (env SIGNING_KEY_FILE).") var signingKeyFile: String?
    @Option(help: "Comma-separated key files retired by rotations (env PREVIOUS_SIGNING_KEY_FILES).") var previousSigningKeyFiles: String?
    @Option(help: "Folder of course packs serve imports at start, empty for none (env COURSES_DIR, default Courses).") var coursesDir: String?
    @Option(help: "smtp, command, webhook (comma-separated), or log for development (env NOTIFIER).") var notifier: String?
    @Option(help: "true lets NOTIFIER=log write codes to the log (env ALLOW_LOG_NOTIFIER).") var allowLogNotifier: String?
    @Option(help: "smtp://host:port of the mail relay (env SMTP_URL).") var smtpUrl: String?
    @Option(help: "Sender address of emails (env SMTP_FROM).") var smtpFrom: String?
    @Option(help: "Program that gets each message on standard input (env NOTIFIER_COMMAND).") var notifierCommand: String?
    @Option(help: "URL each message is POSTed to (env NOTIFIER_WEBHOOK_URL).") var notifierWebhookUrl: String?
    @Option(help: "Seconds an idle connection stays open (env IDLE_TIMEOUT, default 60).") var idleTimeout: String?
    @Option(help: "Seconds a request body may take (env REQUEST_READ_TIMEOUT, default 30).") var requestReadTimeout: String?
    @Option(help: "Seconds an upload may take (env UPLOAD_READ_TIMEOUT, default 600).") var uploadReadTimeout: String?
    @Option(help: "host:port of the /metrics listener, empty for none (env METRICS_ADDRESS).") var metricsAddress: String?
    @Option(help: "PostgreSQL statement_timeout in seconds, 0 for none (env DATABASE_STATEMENT_TIMEOUT).") var databaseStatementTimeout: String?
    @Option(help: "xAPI endpoint of the learning record store, unset for none (env XAPI_LRS_URL).") var xapiLrsUrl: String?
    @Option(help: "Basic auth user of the learning record store (env XAPI_LRS_USERNAME).") var xapiLrsUsername: String?
    @Option(help: "File holding the learning record store's password (env XAPI_LRS_PASSWORD_FILE).") var xapiLrsPasswordFile: String?
    @Option(help: "Most xAPI statements in one POST, 1-500 (env XAPI_BATCH_SIZE, default 50).") var xapiBatchSize: String?
    @Option(help: "Seconds between xAPI sending runs, 0 to only queue (env XAPI_SEND_INTERVAL, default 5).") var xapiSendInterval: String?

    func settings(forServing: Bool) throws -> Settings {
        let flags: [(AbsoluteConfigKey, String?)] = [
            ("database.url", databaseURL), ("public.base.url", publicBaseURL), ("host", host), ("port", port),
            ("log.level", logLevel), ("log.format", logFormat), ("database.pool.size", databasePoolSize),
            ("statistics.database.url", statisticsDatabaseUrl), ("statistics.pool.size", statisticsPoolSize),
            ("cors.allowed.origins", corsAllowedOrigins), ("body.limit.bytes", bodyLimitBytes),
            ("upload.limit.bytes", uploadLimitBytes), ("argon2.memory.kib", argon2MemoryKib),
            ("argon2.iterations", argon2Iterations), ("argon2.parallelism", argon2Parallelism),
            ("trust.forwarded.for", trustForwardedFor), ("courses.dir", coursesDir), ("signing.key.file", signingKeyFile),
            ("previous.signing.key.files", previousSigningKeyFiles), ("notifier", notifier), ("allow.log.notifier", allowLogNotifier),
            ("smtp.url", smtpUrl), ("smtp.from", smtpFrom), ("notifier.command", notifierCommand),
            ("notifier.webhook.url", notifierWebhookUrl), ("idle.timeout", idleTimeout), ("request.read.timeout", requestReadTimeout),
            ("upload.read.timeout", uploadReadTimeout), ("metrics.address", metricsAddress),
            ("database.statement.timeout", databaseStatementTimeout), ("xapi.lrs.url", xapiLrsUrl),
            ("xapi.lrs.username", xapiLrsUsername), ("xapi.lrs.password.file", xapiLrsPasswordFile), ("xapi.batch.size", xapiBatchSize),
            ("xapi.send.interval", xapiSendInterval),
        ]
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        for case let (key, value?) in flags {
            values[key] = ConfigValue(.string(value), isSecret: key == "database.url" || key == "statistics.database.url")
        }
        let reader = ConfigReader(providers: [
            InMemoryProvider(name: "flags", values: values),
            EnvironmentVariablesProvider(),
        ])
        // Settings.Invalid already names every bad key; ArgumentParser prints it as it is.
        return try Settings.load(from: reader, forServing: forServing)
    }
}
