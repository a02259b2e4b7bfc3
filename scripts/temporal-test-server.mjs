#!/usr/bin/env node
// Finds Temporal's time-skipping test server (TEMPORAL_TEST_SERVER_PATH or our versioned cache folder) or installs it
// there from Maven Central: the jars plus a wrapper script the TypeScript SDK starts as an `existing-path` executable,
// so no test run downloads a server binary of its own. Like the CLI's, the cache lives outside the clone.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { aptInstall } from './lib/system-packages.mjs';
import { pathFromEnvOrCache, toolCacheDir } from './lib/tool-cache.mjs';

export const TEMPORAL_TEST_SERVER_VERSION = '1.38.0';

export const testServerCacheDir = () => toolCacheDir('temporal-test-server', TEMPORAL_TEST_SERVER_VERSION);

export function findTemporalTestServer() {
  // The wrapper is written last and the folder appears by rename, so its presence means a complete install.
  return pathFromEnvOrCache('TEMPORAL_TEST_SERVER_PATH', join(testServerCacheDir(), 'temporal-test-server'));
}

const POM = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>movix-billing</groupId>
  <artifactId>temporal-test-server-install</artifactId>
  <version>1</version>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
      <version>${TEMPORAL_TEST_SERVER_VERSION}</version>
    </dependency>
    <!-- A logging backend for the server's slf4j-api 1.7.36: without one it prints a warning at every start. -->
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-simple</artifactId>
      <version>1.7.36</version>
    </dependency>
  </dependencies>
</project>
`;

// Resolves the jars from its own folder, so the folder can be built elsewhere and renamed into place.
const WRAPPER = `#!/bin/sh
exec java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$(dirname "$0")/lib/*" io.temporal.testserver.TestServer "$@"
`;

const hasCommand = (name) => spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;

function ensureJavaAndMaven() {
  const missing = [];
  if (!hasCommand('java')) missing.push('default-jre-headless');
  if (!hasCommand('mvn')) missing.push('maven');
  if (missing.length === 0) return;
  aptInstall(missing, `Java and Maven fetch and run Temporal's time-skipping test server for the fast tests`);
}

export function ensureTemporalTestServer() {
  const found = findTemporalTestServer();
  if (found) return found;
  ensureJavaAndMaven();
  const dir = testServerCacheDir();
  mkdirSync(dirname(dir), { recursive: true });
  const staging = mkdtempSync(`${dir}.partial-`);
  try {
    console.log(`[bootstrap] installing Temporal's test server ${TEMPORAL_TEST_SERVER_VERSION} into ${dir} (once)…`);
    writeFileSync(join(staging, 'pom.xml'), POM);
    execFileSync('mvn', ['-q', '-B', 'dependency:copy-dependencies', '-DoutputDirectory=lib'], {
      cwd: staging,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const wrapper = join(staging, 'temporal-test-server');
    writeFileSync(wrapper, WRAPPER);
    chmodSync(wrapper, 0o755);
    try {
      renameSync(staging, dir);
    } catch (error) {
      // Another install (a parallel bootstrap) got there first; its folder is just as complete.
      if (!findTemporalTestServer()) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return join(dir, 'temporal-test-server');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    console.log(ensureTemporalTestServer());
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
