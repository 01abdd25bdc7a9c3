import Foundation
import PostgresNIO

/// Reads a `postgres://user:password@host:port/database?sslmode=...` URL into a client configuration.
public enum DatabaseURL {
    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    public static func configuration(from string: String) throws -> PostgresClient.Configuration {
        guard let components = URLComponents(string: string),
            let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme)
        else {
            throw Invalid(description: "must be a postgres:// or postgresql:// URL")
        }
        guard let host = components.host, !host.isEmpty else {
            throw Invalid(description: "must name a host")
        }
        guard let user = components.user, !user.isEmpty else {
            throw Invalid(description: "must name a user")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else {
            throw Invalid(description: "must name a database")
        }
        let tls: PostgresClient.Configuration.TLS
        switch components.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "disable" {
        case "disable": tls = .disable
        case "prefer": tls = .prefer(.makeClientConfiguration())
        case "require": tls = .require(.makeClientConfiguration())
        case let other: throw Invalid(description: "sslmode \(other) is not one of disable, prefer, require")
        }
        return PostgresClient.Configuration(
            host: host,
            port: components.port ?? 5432,
            username: user.removingPercentEncoding ?? user,
            password: components.password?.removingPercentEncoding,
            database: database.removingPercentEncoding ?? database,
            tls: tls
        )
    }
}
