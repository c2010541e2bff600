import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CONFIG_VARIABLES, ConfigError, ENV_FILE, loadConfig } from "../../src/config/config";

const root = path.resolve(__dirname, "../..");

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
      trustProxy: 0,
      sessionSecret: undefined,
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
    ["TRUST_PROXY", "all", /TRUST_PROXY: must be a whole number of proxy hops/],
    ["TRUST_PROXY", "-1", /TRUST_PROXY: must be a whole number of proxy hops/],
    ["SESSION_SECRET", "short", /SESSION_SECRET: must be at least 32 characters/],
    ["OPENAI_TIMEOUT_MS", "soon", /OPENAI_TIMEOUT_MS: must be a whole number/],
    ["GOOGLE_SERVICE_ACCOUNT_JSON", '{"client_email":"x"}', /GOOGLE_SERVICE_ACCOUNT_JSON: is not a Google service-account key/],
    ["GOOGLE_SERVICE_ACCOUNT_JSON", "/nonexistent/key.json", /GOOGLE_SERVICE_ACCOUNT_JSON: is neither JSON nor a readable file/],
  ])("refuses %s=%s with a line naming the variable", (variable, value, message) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [variable]: value })).toThrow(message);
  });

  it("stops the process with one line and exit code 1 on a bad value", () => {
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

describe("the .env file", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "slotline-env-"));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("fills what the environment does not set, and a variable set in the environment wins, even set empty", () => {
    const file = path.join(dir, ".env");
    fs.writeFileSync(file, "# a comment\nPORT=4100\nLOG_LEVEL=debug\nADMIN_TOKEN=from-the-file\nPUBLIC_BASE_URL=\"https://book.example.com\"\n");
    const config = loadConfig({ PORT: "5000", ADMIN_TOKEN: "" }, { envFile: file });
    expect(config).toMatchObject({ port: 5000, logLevel: "debug", adminToken: undefined, publicBaseUrl: "https://book.example.com" });
  });

  it("is optional: without one, the environment and the defaults make the configuration", () => {
    expect(loadConfig({ PORT: "5000" }, { envFile: path.join(dir, ".env") })).toMatchObject({ port: 5000, dataDir: "./.data" });
  });

  it("names the file and the bad variable in it like any other", () => {
    const file = path.join(dir, ".env");
    fs.writeFileSync(file, "LOG_LEVEL=loud\n");
    expect(() => loadConfig({}, { envFile: file })).toThrow("LOG_LEVEL: must be one of");
  });

  it("is read by npm start from its working directory", () => {
    fs.writeFileSync(path.join(dir, ENV_FILE), "PORT=not-a-port\nDATABASE_URL=memory://\n");
    const tsx = path.join(root, "node_modules/tsx/dist/loader.mjs");
    const env = { ...process.env };
    delete env.PORT;
    const result = spawnSync(process.execPath, ["--import", tsx, path.join(root, "src/main.ts")], { cwd: dir, env, encoding: "utf8", timeout: 20000 });
    expect(result.stderr.trim().split("\n")).toEqual(["Configuration error: PORT: must be a port number (0-65535)"]);
    expect(result.status).toBe(1);
  });

  it(".env.example names every variable the configuration reads, none of them set", () => {
    const lines = fs.readFileSync(path.join(root, ".env.example"), "utf8").split("\n");
    expect(lines.filter((line) => line.trim() !== "" && !line.startsWith("#"))).toEqual([]);
    const named = new Set(lines.map((line) => /^# ([A-Z][A-Z0-9_]+)=/.exec(line)?.[1]).filter(Boolean));
    expect(CONFIG_VARIABLES.filter((v) => !named.has(v))).toEqual([]);
    expect([...named].filter((v) => !CONFIG_VARIABLES.includes(v!))).toEqual([]);
  });
});
