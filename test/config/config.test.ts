import { spawnSync } from "node:child_process";
import path from "node:path";
import { ConfigError, loadConfig } from "../../src/config/config";

describe("configuration", () => {
  it("applies the contract's defaults to an empty environment", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      dataDir: "./.data",
      publicBaseUrl: "http://localhost:3000",
      adminToken: undefined,
      runJobs: false,
      logLevel: "info",
      seedDemo: true,
      openai: { timeoutMs: 4000 },
      whatsapp: { templateLanguage: "en_US" },
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("derives PUBLIC_BASE_URL from PORT and trims a trailing slash", () => {
    expect(loadConfig({ PORT: "8080" }).publicBaseUrl).toBe("http://localhost:8080");
    expect(loadConfig({ PUBLIC_BASE_URL: "https://book.example.com/" }).publicBaseUrl).toBe("https://book.example.com");
  });

  it.each([
    ["PORT", "abc", /PORT: must be a port number/],
    ["PORT", "70000", /PORT: must be a port number/],
    ["DATABASE_URL", "mysql://localhost/x", /DATABASE_URL: must start with postgres/],
    ["PUBLIC_BASE_URL", "not a url", /PUBLIC_BASE_URL: must be an http\(s\) URL/],
    ["STRIPE_SECRET_KEY", "pk_test_123", /STRIPE_SECRET_KEY: must start with sk_test_/],
    ["TWILIO_WHATSAPP_FROM", "+15551234567", /TWILIO_WHATSAPP_FROM: must look like whatsapp:/],
    ["LOG_LEVEL", "verbose", /LOG_LEVEL: must be one of/],
    ["OPENAI_TIMEOUT_MS", "soon", /OPENAI_TIMEOUT_MS: must be a whole number/],
    ["GOOGLE_SERVICE_ACCOUNT_JSON", '{"client_email":"x"}', /GOOGLE_SERVICE_ACCOUNT_JSON: is not a Google service-account key/],
    ["GOOGLE_SERVICE_ACCOUNT_JSON", "/nonexistent/key.json", /GOOGLE_SERVICE_ACCOUNT_JSON: is neither JSON nor a readable file/],
  ])("refuses %s=%s with a line naming the variable", (variable, value, message) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [variable]: value })).toThrow(message);
  });

  it("stops the process with one line and exit code 1 on a bad value", () => {
    const root = path.resolve(__dirname, "../..");
    const result = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: root,
      env: { ...process.env, PORT: "not-a-port", DATABASE_URL: "memory://" },
      encoding: "utf8",
      timeout: 20000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual(["Configuration error: PORT: must be a port number (0-65535)"]);
  });
});
