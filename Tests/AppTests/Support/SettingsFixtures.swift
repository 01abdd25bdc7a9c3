import App
import Configuration

/// Settings read as `serve` reads them, from a serving environment plus `extra` (which wins), for
/// tests of one group of settings.
func loadServingSettings(_ extra: [String: String]) throws -> Settings {
    var environment = [
        "SIGNING_KEY_FILE": testSigningKeyFile,
        "DATABASE_URL": "postgres://app@127.0.0.1:5432/safeskills",
        "PUBLIC_BASE_URL": "https://safeskills.example.org",
        "SECRET_KEY": "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
    ]
    environment.merge(extra) { $1 }
    return try Settings.load(from: ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: environment)), cores: 2)
}
