#!/usr/bin/env bash
# Builds every module and runs all tests (the command README.md gives).
set -euo pipefail
cd "$(dirname "$0")"
exec mvn -B -ntp verify "$@"
