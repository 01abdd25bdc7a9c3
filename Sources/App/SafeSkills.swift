import APIContract
import Credentials
import Domain
import Foundation
import Hummingbird
import Logging
import NIOPosix
import OpenAPIRuntime
import PasswordHashing
import Persistence
import PostgresNIO
import ServiceLifecycle
import Services
import UnixSignals

/// The composition root: everything the executable and the tests build goes through here.
public enum SafeSkills {
    /// Sets up logging for the process from the settings; call once, before anything logs.
    public static func bootstrapLogging(_ settings: Settings) -> Logger {
        let level = settings.logLevel
        switch settings.logFormat {
        case .json:
            LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: level) }
        case .text:
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardOutput(label: label)
                handler.logLevel = level
                return handler
            }
        }
        return Logger(label: "safeskills")
    }

    /// A pool for the settings' database. The server's request pool passes a statement timeout,
    /// so one runaway query cannot hold a connection that learners' saves are waiting for;
    /// command-line work (imports, roll-up rebuilds, migrations) keeps none.
    ///
    /// `statistics` makes the pool for `STATISTICS_DATABASE_URL` instead, with its own size.
    public static func makeClient(
        _ settings: Settings,
        logger: Logger,
        statementTimeoutSeconds: Int = 0,
        statistics: Bool = false
    ) throws -> PostgresClient {
        var configuration = try DatabaseURL.configuration(from: statistics ? settings.statisticsDatabaseURL ?? "" : settings.databaseURL)
        configuration.options.maximumConnections = statistics ? settings.statisticsPoolSize : settings.databasePoolSize
        if statementTimeoutSeconds > 0 {
            configuration.options.additionalStartupParameters.append(("statement_timeout", "\(statementTimeoutSeconds)s"))
            // A request cut off at its deadline closes its connection; PostgreSQL then ends the
            // orphaned statement within a second instead of running it to the statement timeout.
            configuration.options.additionalStartupParameters.append(("client_connection_check_interval", "1s"))
        }
        return PostgresClient(configuration: configuration, backgroundLogger: logger)
    }

    /// Runs `body` with a database whose pool lives exactly as long as the call.
    public static func withDatabase<Result: Sendable>(
        _ settings: Settings,
        logger: Logger,
        _ body: @Sendable (Database) async throws -> Result
    ) async throws -> Result {
        // A lease made before run() starts waits for it, but PostgresNIO warns about it; for
        // these short-lived pools that race is expected, so only errors are logged.
        var poolLogger = logger
        poolLogger.logLevel = .error
        let client = try makeClient(settings, logger: poolLogger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(Database(client: client, logger: logger))
        }
    }

    /// Checks the schema before serving: applies pending migrations when `migrate` is set, and
    /// refuses pending or altered ones otherwise. A database a newer build has migrated further is
    /// served (docs/operations.md, "Upgrading without downtime"), but never migrated.
    public static func prepareDatabase(_ settings: Settings, migrate: Bool, clock: WallClock = .system, logger: Logger) async throws {
        let runner = MigrationRunner(migrations: try Migration.bundled())
        try await withDatabase(settings, logger: logger) { database in
            try await database.withConnection { connection in
                if migrate {
                    let applied = try await runner.migrate(on: connection, now: clock.now(), logger: logger)
                    logger.info("database is current", metadata: ["applied": "\(applied.count)"])
                } else {
                    let status = try await runner.status(on: connection, logger: logger)
                    guard status.isCurrent else { throw MigrationError.pending(status.pending) }
                    if !status.newer.isEmpty {
                        // A rolling upgrade under way, or this node rolled back: newer builds' migrations
                        // only expand the schema until their contract steps, which wait for every node.
                        logger.warning(
                            "the database has migrations this build does not know; serving, as expand-only migrations allow",
                            metadata: ["newer": "\(status.newer.joined(separator: ", "))"]
                        )
                    }
                }
            }
        }
    }

    /// Compact JSON: many learners are on slow networks and cheap phones.
    public static let openAPIConfiguration = OpenAPIRuntime.Configuration(
        dateTranscoder: InternetDateTranscoder(),
        jsonEncodingOptions: [.sortedKeys]
    )

    /// The certificate signing key named in the settings.
    static func signingKey(_ settings: Settings) throws -> SigningKey {
        guard let path = settings.signingKeyFile else {
            throw Settings.Invalid(problems: ["SIGNING_KEY_FILE (--signing-key-file) is required"])
        }
        do {
            return try SigningKey.read(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw Settings.Invalid(problems: ["SIGNING_KEY_FILE (--signing-key-file) \(path): \(error)"])
        }
    }

    /// Imports the packs shipped in `Courses/` (or `COURSES_DIR`), so a fresh server has its
    /// courses; identical packs change nothing, and several instances may do this at once.
    public static func importShippedCourses(_ settings: Settings, clock: WallClock = .system, logger: Logger) async throws {
        guard let folder = settings.coursesDirectory else { return }
        guard FileManager.default.fileExists(atPath: folder) else {
            logger.warning("no course packs to import", metadata: ["folder": "\(folder)"])
            return
        }
        try await withDatabase(settings, logger: logger) { database in
            try await CoursePackService(context: ServiceContext(database: database, clock: clock)).importShipped(folder: folder)
        }
    }

    /// The notifier the settings name (`NOTIFIER`).
    public static func notifier(_ settings: Settings, logger: Logger) -> any Notifier {
        switch settings.notifier {
        case .log: LogNotifier(logger: logger)
        case .delivery(let email, let phone): DeliveryNotifier(email: email, phone: phone)
        }
    }

    /// Runs `body` with a service context whose database pool lives exactly as long as the call:
    /// for the command line, which calls services as the server does.
    public static func withServices<Result: Sendable>(
        _ settings: Settings,
        logger: Logger,
        _ body: @Sendable (ServiceContext) async throws -> Result
    ) async throws -> Result {
        try await withDatabase(settings, logger: logger) { database in try await body(ServiceContext(database: database)) }
    }

    /// The password hasher the settings describe, with at most `maxOutstanding` hashes at once.
    public static func passwordHasher(_ settings: Settings, maxOutstanding: Int) -> PasswordHasher {
        PasswordHasher(parameters: settings.argon2, threadPool: NIOThreadPool.singleton, maxOutstanding: maxOutstanding)
    }

    /// Serves until SIGTERM or SIGINT, then stops accepting and lets in-flight requests finish;
    /// the process is gone within `DRAIN_TIMEOUT` whatever still runs.
    ///
    /// Requests get all but the last 2 s of the drain, then are cancelled; a request that ignores
    /// cancellation (one left waiting on a connection closed under it, which PostgresNIO never
    /// answers) must not keep the process alive past the limit the supervisor and the load
    /// balancer were promised, so 1 s before it the process exits.
    public static func serve(settings: Settings, logger: Logger) async throws {
        let app = try buildApplication(settings: settings, logger: logger)
        let drain = Duration.seconds(settings.drainTimeoutSeconds)
        var configuration = ServiceGroupConfiguration(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = max(.seconds(1), drain - .seconds(2))
        let services = ServiceGroup(configuration: configuration)
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            group.addTask {
                for await _ in signals {
                    try await Task.sleep(for: max(.seconds(1), drain - .seconds(1)))
                    logger.error("requests still running at the end of the drain; stopping without them")
                    exit(0)
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// Builds the HTTP application with its database pool and background services.
    ///
    /// `addRoutes` lets a caller (the tests) register routes of its own; they get every middleware
    /// and the 405 handling like the built-in ones.
    public static func buildApplication(
        settings: Settings,
        clock: WallClock = .system,
        random: RandomSource = .system,
        logger: Logger,
        notifier: (any Notifier)? = nil,
        addRoutes: (RouteRegistrar<AppRequestContext>, Database) throws -> Void = { _, _ in }
    ) throws -> some ApplicationProtocol {
        // Metrics objects made before the bootstrap would report nowhere.
        _ = Observability.registry
        let client = try makeClient(settings, logger: logger, statementTimeoutSeconds: settings.statementTimeoutSeconds)
        let database = Database(
            client: client,
            logger: logger,
            maxWaiting: settings.admissionQueue,
            admissionWait: .seconds(settings.admissionWaitSeconds)
        )
        let migrations = MigrationRunner(migrations: try Migration.bundled())

        // Learning events are queued as xAPI statements only when a learning record store is configured.
        let statements =
            settings.learningRecordStore == nil
            ? StatementQueue.off : StatementQueue(publicBaseURL: settings.publicBaseURL, hash: KeyedHash(secretKey: settings.secretKey))
        // Statistics read from the replica when one is configured; without it, no second pool.
        let statisticsClient =
            try settings.statisticsDatabaseURL.map { _ in
                try makeClient(settings, logger: logger, statementTimeoutSeconds: settings.statementTimeoutSeconds, statistics: true)
            }
        let statistics = StatisticsSource(
            primary: database,
            // A replica that gives no connection within a second is taken as down: the primary
            // answers rather than the request waiting out its whole admission budget.
            replica: statisticsClient.map { client in
                Database(client: client, logger: logger, admissionWait: .seconds(min(settings.admissionWaitSeconds, 1)))
            },
            clock: clock,
            observe: ReplicaGauges.record
        )
        let context = ServiceContext(database: database, clock: clock, random: random, statements: statements, statistics: statistics)
        let accounts = AccountService(
            context: context,
            hasher: passwordHasher(settings, maxOutstanding: 4 * ProcessInfo.processInfo.activeProcessorCount),
            passwordPolicy: PasswordPolicy(commonPasswords: try CommonPasswords.load()),
            notifier: notifier ?? Self.notifier(settings, logger: logger),
            secretKey: settings.secretKey
        )

        let uploadPaths = Set(["/v1/admin/course-packs"] + ReferenceTable.allCases.map { "/v1/admin/reference/\($0.rawValue)" })
        let router = Router(context: AppRequestContext.self, options: .autoGenerateHeadEndpoints)
        // Order matters: the request's own task holds everything (so an idle connection does not
        // keep its frames), the heavy reads' tasks leave the event loops, the scope (request id,
        // language) wraps the rest, CORS and security headers reach error responses too, metrics
        // see the final status, problems are made from every error below them, the deadline
        // covers everything that may reach the database, and NUL and body limits are checked
        // before anyone reads a body.
        router.add(middleware: RequestTaskMiddleware())
        router.add(middleware: HeavyWorkMiddleware())
        router.add(middleware: RequestScopeMiddleware(trustForwardedFor: settings.trustForwardedFor))
        router.add(middleware: CORSPolicyMiddleware(allowedOrigins: Set(settings.corsAllowedOrigins)))
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: RequestMetricsMiddleware())
        router.add(middleware: ProblemMiddleware())
        router.add(middleware: RequestDeadlineMiddleware(timeout: .seconds(Int64(settings.requestTimeoutSeconds)), exemptPaths: uploadPaths))
        router.add(middleware: AcceptProblemMiddleware())
        router.add(middleware: ForbiddenCharactersMiddleware())
        router.add(
            middleware: BodyLimitMiddleware(limit: settings.bodyLimitBytes, uploadLimit: settings.uploadLimitBytes, uploadPaths: uploadPaths)
        )
        router.add(middleware: AuthenticationMiddleware())

        let issuer = CertificateIssuer(
            key: try signingKey(settings),
            previousKeys: try settings.previousSigningKeyFiles.map { path in
                do {
                    return try SigningKey.read(try Data(contentsOf: URL(fileURLWithPath: path)))
                } catch {
                    throw Settings.Invalid(problems: ["PREVIOUS_SIGNING_KEY_FILES (--previous-signing-key-files) \(path): \(error)"])
                }
            },
            publicBaseURL: settings.publicBaseURL
        )
        let services = ServiceSet(context: context, accounts: accounts, issuer: issuer, migrations: migrations)
        let catalog = CatalogCache(service: services.catalog, publicBaseURL: settings.publicBaseURL)
        let registrar = RouteRegistrar(router: router)
        let handlers = APIHandlers(services: services, catalog: catalog)
        try handlers.registerHandlers(
            on: registrar,
            configuration: openAPIConfiguration,
            middlewares: [AccessPolicy(accounts: accounts), LiteralHeaders()]
        )
        CatalogRoutes(cache: catalog).register(on: registrar)
        VerifyPage(certification: services.certification, clock: clock, publicBaseURL: settings.publicBaseURL).register(on: registrar)
        DashboardRoutes(services: services, publicBaseURL: settings.publicBaseURL).register(on: registrar)
        try addRoutes(registrar, database)
        registrar.finish()

        // Sending holds no transaction and skips rows another node has claimed, so every node may send.
        var statementDelivery: [any Service] = []
        if let store = settings.learningRecordStore, store.sendIntervalSeconds > 0 {
            let sender = StatementSender(context: context, store: LRSClient(store), batchSize: store.batchSize)
            statementDelivery.append(
                StatementDeliveryJob.service(sender, every: .seconds(store.sendIntervalSeconds), clock: clock, logger: logger)
            )
        }
        // The replica's health for /metrics and for routing reads; readiness never looks at it.
        let replicaServices: [any Service] =
            statisticsClient.map { client in
                [client, PeriodicService(interval: .seconds(3), runAtStart: true) { await statistics.probe() }]
            } ?? []
        let metricsListener: [any Service] =
            settings.metricsAddress.map { address in
                [MetricsListener.application(host: address.host, port: address.port, logger: logger)]
            } ?? []
        return Application(
            router: router,
            // An idle keep-alive connection costs about 20 KiB (Benchmarks/README.md); a phone that
            // comes back after a minute opens a new one. The idle timeout also bounds how long a
            // request head may take, and the read deadline bounds its body.
            server: .http1(
                configuration: .init(
                    additionalChannelHandlers: [
                        RequestReadDeadline(
                            timeout: .seconds(Int64(settings.requestReadTimeoutSeconds)),
                            uploadTimeout: .seconds(Int64(settings.uploadReadTimeoutSeconds)),
                            uploadPaths: uploadPaths
                        )
                    ],
                    idleTimeout: .seconds(Int64(settings.idleTimeoutSeconds))
                )
            ),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: nil),
            services: [
                client,
                PeriodicService.job("idempotency purge", every: .seconds(3600), logger: logger) {
                    try await services.maintenance.purgeIdempotencyKeys()
                },
                // Imports made by other instances reach this one's catalog within seconds.
                PeriodicService(interval: .seconds(10), runAtStart: true) { await catalog.refresh() },
                // An abandoned exam is graded with what was saved in time even if nobody reads it again.
                PeriodicService.job("closing overdue attempts", every: .seconds(30), logger: logger) {
                    try await services.attempts.closeOverdue()
                },
                // Reads are exact before the first roll-up too, only slower, so it waits one interval.
                PeriodicService.job("reach roll-up", every: .seconds(Int64(RollUpHorizon.runInterval)), logger: logger) {
                    try await services.maintenance.rollUp(rebuild: false)
                },
            ] + replicaServices + statementDelivery + metricsListener,
            onServerRunning: { channel in
                logger.info(
                    "serving",
                    metadata: [
                        "address": "\(channel.localAddress?.description ?? "?")", "public_base_url": "\(settings.publicBaseURL)",
                        "event_loops": "\(NIOSingletons.groupLoopCountSuggestion)",
                    ]
                )
            },
            logger: logger
        )
    }
}
