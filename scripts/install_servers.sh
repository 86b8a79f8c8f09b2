#!/usr/bin/env bash
# Install the real servers the integration tests start (idempotent; safe to re-run):
#   - Virtuoso Open Source 7 from Debian (virtuoso-opensource)
#   - Apache Jena Fuseki 5.6.0 (org.apache.jena:jena-fuseki-main) from Maven Central -> servers/fuseki/lib
#   - Neo4j Community 5.26 LTS (org.neo4j.test:neo4j-harness) + our launcher -> servers/neo4j/{target,lib}
#   - Neo4j's Cypher linter (@neo4j-cypher/language-support) from npm -> servers/cypher-lint/node_modules
# Needs: Java 17, Maven, Node 20 + npm (on the machine image), root for apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

if ! command -v virtuoso-t >/dev/null 2>&1; then
  echo "== installing virtuoso-opensource (Debian)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q virtuoso-opensource >/dev/null 2>&1 || {
    apt-get update -q >/dev/null && apt-get install -y -q virtuoso-opensource >/dev/null; }
  # the package starts its own service on 1111/8890 where an init system runs; tests use their own
  (service virtuoso-opensource-7 stop >/dev/null 2>&1 || true)
fi
echo "virtuoso: $(command -v virtuoso-t)"

if ! ls "$ROOT"/servers/fuseki/lib/jena-fuseki-main-*.jar >/dev/null 2>&1; then
  echo "== fetching Apache Jena Fuseki (Maven Central)"
  (cd servers/fuseki && mvn -q -B dependency:copy-dependencies -DoutputDirectory=lib -DincludeScope=runtime)
fi
echo "fuseki: $(ls "$ROOT"/servers/fuseki/lib/jena-fuseki-main-*.jar)"

if [ ! -f servers/neo4j/target/ikg-neo4j.jar ] || [ ! -d servers/neo4j/lib ]; then
  echo "== building the Neo4j launcher (neo4j-harness from Maven Central)"
  (cd servers/neo4j && mvn -q -B package)
fi
echo "neo4j: $(ls "$ROOT"/servers/neo4j/lib/neo4j-kernel-5*.jar)"

if [ ! -d servers/cypher-lint/node_modules/@neo4j-cypher/language-support ]; then
  echo "== installing the Cypher linter (npm)"
  (cd servers/cypher-lint && npm install --no-audit --no-fund --silent)
fi
echo "cypher-lint: $(node -e "console.log(require('$ROOT/servers/cypher-lint/node_modules/@neo4j-cypher/language-support/package.json').version)")"
