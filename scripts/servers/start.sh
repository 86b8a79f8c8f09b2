#!/usr/bin/env bash
# Start one test server by hand on a free loopback port and print its address:
#   bash scripts/servers/start.sh fuseki|virtuoso|neo4j      (Ctrl-C stops it)
set -euo pipefail
cd "$(dirname "$0")/../.."
exec .venv/bin/python tests/conftest_servers.py "$1"
