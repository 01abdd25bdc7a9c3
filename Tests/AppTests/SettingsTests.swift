import App
import Configuration
import Foundation
import Logging
import PasswordHashing
import Testing

@Suite struct SettingsTests {
    func load(_ environment: [String: String], forServing: Bool = true) throws -> Settings {
        try Settings.load(
            from: ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: environment)),
            forServing: forServing,
            cores: 2
        )
    }

    let valid: [String: String] = [
        "SIGNING_KEY_FILE": testSigningKeyFile,
        "DATABASE_URL": "postgres://app:secret@db.internal:5433/safeskills?sslmode=require",
        "PUBLIC_BASE_URL": "https://safeskills.example.org/",
        "SECRET_KEY": "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
        "ALLOW_LOG_NOTIFIER": "true",
    ]

    @Test func validEnvironmentGivesSettingsWithDefaults() throws {
        let settings = try load(valid)
        #expect(settings.publicBaseURL.absoluteString == "https://safeskills.example.org")
        #expect(settings.host == "127.0.0.1")
        #expect(settings.port == 8080)
        #expect(settings.logLevel == .info)
        #expect(settings.logFormat == .json)
        #expect(settings.databasePoolSize == 8, "4 connections per core by default")
        #expect(settings.bodyLimitBytes == 1 << 20)
        #expect(settings.corsAllowedOrigins.isEmpty)
        #expect(settings.secretKey == Array("0123456789abcdef0123456789abcdef".utf8))
        #expect(settings.argon2 == .minimum)
        #expect(settings.trustForwardedFor == false)
    }

    @Test func statisticsReadFromTheReplicaOnlyWhenOneIsNamed() throws {
        let unset = try load(valid)
        #expect(unset.statisticsDatabaseURL == nil, "unset: statistics read from the primary")
        #expect(unset.statisticsPoolSize == 4, "2 connections per core by default")
        var environment = valid
        environment["STATISTICS_DATABASE_URL"] = "postgres://reader@replica.internal:5432/safeskills?sslmode=require"
        environment["STATISTICS_POOL_SIZE"] = "6"
        let set = try load(environment)
        #expect(set.statisticsDatabaseURL == "postgres://reader@replica.internal:5432/safeskills?sslmode=require")
        #expect(set.statisticsPoolSize == 6)
        environment["STATISTICS_DATABASE_URL"] = "replica.internal:5432"
        do {
            _ = try load(environment)
            Issue.record("a malformed statistics database URL was accepted")
        } catch let error as Settings.Invalid {
            #expect(error.problems == ["STATISTICS_DATABASE_URL (--statistics-database-url) must be a postgres:// or postgresql:// URL"])
        }
    }

    @Test func everyMissingOrMalformedKeyIsNamedInOneError() {
        let environment = [
            "DATABASE_URL": "mysql://nope",
            "PORT": "eighty",
            "LOG_LEVEL": "loud",
            "LOG_FORMAT": "xml",
            "DATABASE_POOL_SIZE": "0",
            "CORS_ALLOWED_ORIGINS": "https://ok.example.org, not an origin",
            "BODY_LIMIT_BYTES": "-5",
            "SECRET_KEY": "c2hvcnQ=",
            "ARGON2_MEMORY_KIB": "4096",
            "TRUST_FORWARDED_FOR": "maybe",
            "SIGNING_KEY_FILE": "/nonexistent/key.json",
            "METRICS_ADDRESS": "9464",
        ]
        do {
            _ = try load(environment)
            Issue.record("malformed settings were accepted")
        } catch let error as Settings.Invalid {
            let named = [
                "DATABASE_URL", "PUBLIC_BASE_URL", "PORT", "LOG_LEVEL", "LOG_FORMAT", "DATABASE_POOL_SIZE",
                "CORS_ALLOWED_ORIGINS", "BODY_LIMIT_BYTES", "SECRET_KEY", "ARGON2_MEMORY_KIB", "TRUST_FORWARDED_FOR", "SIGNING_KEY_FILE",
                "METRICS_ADDRESS", "NOTIFIER",
            ]
            #expect(error.problems.count == named.count)
            for key in named {
                #expect(error.description.contains(key), "\(key) is not named")
            }
            #expect(!error.description.contains("UPLOAD_LIMIT_BYTES"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func publicBaseURLMustBeAbsoluteHTTP() {
        for bad in ["safeskills.example.org", "ftp://safeskills.example.org", "https://x.example.org/?a=b"] {
            var environment = valid
            environment["PUBLIC_BASE_URL"] = bad
            #expect(throws: Settings.Invalid.self) { try load(environment) }
        }
    }

    @Test func argon2BelowTheOWASPMinimumIsRefused() {
        for (key, value) in [("ARGON2_MEMORY_KIB", "19455"), ("ARGON2_ITERATIONS", "1"), ("ARGON2_PARALLELISM", "0")] {
            #expect(throws: Settings.Invalid.self) { try load(valid.merging([key: value]) { $1 }) }
        }
    }

    @Test func maintenanceCommandsDoNotNeedThePublicBaseURL() throws {
        let settings = try load(["DATABASE_URL": valid["DATABASE_URL"]!], forServing: false)
        #expect(settings.databaseURL == valid["DATABASE_URL"])
    }

    @Test func flagsWinOverTheEnvironment() throws {
        let reader = ConfigReader(providers: [
            InMemoryProvider(values: ["port": "9090", "log.format": "text"]),
            EnvironmentVariablesProvider(environmentVariables: valid.merging(["PORT": "8081"]) { $1 }),
        ])
        let settings = try Settings.load(from: reader)
        #expect(settings.port == 9090)
        #expect(settings.logFormat == .text)
    }

    @Test func databasePasswordNeverAppearsInErrors() {
        var environment = valid
        environment["DATABASE_URL"] = "postgres://app:hunter2@db.internal:5433/?sslmode=bogus"
        do {
            _ = try load(environment)
            Issue.record("accepted")
        } catch {
            #expect(!"\(error)".contains("hunter2"))
        }
    }
}
