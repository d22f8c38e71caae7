#!/usr/bin/env bash
# Local single-node Elasticsearch 8.x for the test suite.
#
# Usage: scripts/elasticsearch.sh {install|start|stop|status}
#
#   install  fetch the distribution with Maven and unpack it under $ES_HOME
#   start    install if needed, start the node in the background and wait
#            until the cluster is green; does nothing if it already answers
#   stop     stop the node started by `start` (pid file)
#   status   say whether the node answers; exit non-zero if it does not
#
# Environment (all optional):
#   ES_HOME          where everything lives: distribution, data, logs, pid
#                    file                           (default: <repo>/.es)
#   ES_VERSION       Elasticsearch version          (default: 8.19.21)
#   ES_JAVA_HOME     JDK used to run it (17+)       (default: first JDK 17+
#                    found in /usr/lib/jvm, 17 and 21 first, then PATH)
#   ES_HEAP          heap size for -Xms/-Xmx        (default: 512m)
#   ES_HOST, ES_PORT HTTP address                   (default: 127.0.0.1:9200)
#   ES_USER          system user that runs the node when this script runs as
#                    root (Elasticsearch refuses to run as root)
#                                                   (default: elasticsearch)
#   ES_START_TIMEOUT seconds to wait for the node   (default: 120)
#   ES_ANALYSIS_PLUGIN_SRC  source folder of an optional analysis plugin,
#                    see below      (default: scripts/elasticsearch-analysis)
#
# Where Elasticsearch comes from: the only Elasticsearch 8.x server
# distribution on Maven Central is
#   org.elasticsearch.distribution.integ-test-zip:elasticsearch:<version>:zip
# It is the real server, but with only four modules (transport-netty4,
# x-pack-core, x-pack-security, apm). It lacks in particular:
#   - analysis-common: asciifolding, elision, stemmer, snowball, synonym,
#     ngram, edge_ngram, the whitespace/keyword tokenizers, the language
#     analyzers ("french"...). Only the standard tokenizer and the lowercase,
#     stop and shingle filters are built in.
#   - rest-root: `GET /` answers 405 (use /_cluster/health instead).
# Elastic does not publish analysis-common to Maven Central, and the
# republished module jars (org.codelibs.elasticsearch.module) stop at 7.10.2.
#
# To fill the analysis gap, `install` compiles and installs a "stable API"
# analysis plugin if ES_ANALYSIS_PLUGIN_SRC exists. That folder holds:
#   src/**/*.java          components written against the stable plugin API
#                          (elasticsearch-plugin-api, -plugin-analysis-api)
#                          and Lucene, all found in the distribution's lib/
#   named_components.json  {"<extensible interface>": {"<name>": "<class>"}}
# It is rebuilt whenever its files change (restart the node to load it).

set -euo pipefail

# --------------------------------------------------------------------------
# Paths and settings
# --------------------------------------------------------------------------

# Resolve everything from the script location so that the script works from
# any current directory.
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)

ES_VERSION=${ES_VERSION:-8.19.21}
ES_HOME=${ES_HOME:-$REPO_ROOT/.es}
ES_HOST=${ES_HOST:-127.0.0.1}
ES_PORT=${ES_PORT:-9200}
ES_HEAP=${ES_HEAP:-512m}
ES_USER=${ES_USER:-elasticsearch}
ES_START_TIMEOUT=${ES_START_TIMEOUT:-120}
ES_ANALYSIS_PLUGIN_SRC=${ES_ANALYSIS_PLUGIN_SRC:-$SCRIPT_DIR/elasticsearch-analysis}

ES_DIST_ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:${ES_VERSION}:zip"
# Pinned so that `dependency:copy -Dartifact=...` behaves the same everywhere.
MVN_DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1
ANALYSIS_PLUGIN_NAME=test-analysis

ES_URL="http://${ES_HOST}:${ES_PORT}"

# Layout under ES_HOME (a function, since prepare_user may move ES_HOME).
set_layout() {
    DIST_DIR="$ES_HOME/elasticsearch-$ES_VERSION" # unpacked distribution
    CONF_DIR="$DIST_DIR/config"                   # ES_PATH_CONF
    DATA_DIR="$ES_HOME/data"
    LOGS_DIR="$ES_HOME/logs"
    RUN_DIR="$ES_HOME/run"
    PID_FILE="$RUN_DIR/elasticsearch.pid"
    DOWNLOAD_DIR="$ES_HOME/download"
    INSTALLED_MARK="$DIST_DIR/.installed"
}
set_layout

# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------

log() { echo "[elasticsearch] $*"; }
warn() { echo "[elasticsearch] WARNING: $*" >&2; }
die() {
    echo "[elasticsearch] ERROR: $*" >&2
    exit 1
}

is_root() { [ "$(id -u)" -eq 0 ]; }

# HTTP GET on the local node; prints the body, fails if there is no answer.
# Usage: http_get PATH [TIMEOUT_SECONDS]
http_get() {
    local url="$ES_URL$1"
    if command -v curl >/dev/null 2>&1; then
        curl -fsS --max-time "${2:-5}" "$url"
    else
        python3 - "$url" "${2:-5}" <<'EOF'
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=float(sys.argv[2])) as r:
    sys.stdout.write(r.read().decode())
EOF
    fi
}

# True if an Elasticsearch node answers on ES_URL. (`GET /` is not served by
# this distribution, so ask for the cluster health.)
answers() { http_get /_cluster/health 2>/dev/null | grep -q '"cluster_name"'; }

# Java major version of a JDK home ("17", "25"...), empty if not a JDK.
java_major() {
    [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
    "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -n 1
}

# Pick ES_JAVA_HOME: keep the caller's value, otherwise the first JDK 17+
# under /usr/lib/jvm (17 and 21 first), otherwise the JDK of `java` on PATH.
choose_java() {
    local v
    if [ -n "${ES_JAVA_HOME:-}" ]; then
        v=$(java_major "$ES_JAVA_HOME")
        [ -n "$v" ] || die "ES_JAVA_HOME=$ES_JAVA_HOME is not a JDK (no bin/java, bin/javac)"
        [ "$v" -ge 17 ] || die "ES_JAVA_HOME=$ES_JAVA_HOME is Java $v; Elasticsearch 8 needs 17+"
        return 0
    fi
    local candidates=() d
    for d in /usr/lib/jvm/*17* /usr/lib/jvm/*21* /usr/lib/jvm/*; do
        [ -d "$d" ] && candidates+=("$d")
    done
    if command -v java >/dev/null 2>&1; then
        candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
    fi
    for d in "${candidates[@]}"; do
        v=$(java_major "$d")
        if [ -n "$v" ] && [ "$v" -ge 17 ]; then
            ES_JAVA_HOME=$(readlink -f "$d")
            return 0
        fi
    done
    die "no JDK 17+ found (looked in /usr/lib/jvm and PATH); set ES_JAVA_HOME"
}

# When running as root, Elasticsearch must run as another user (created if
# needed), who must be able to reach ES_HOME. If a parent folder is closed to
# that user (e.g. a clone under /root), ES_HOME moves to /var/tmp instead.
prepare_user() {
    is_root || return 0
    if ! id -u "$ES_USER" >/dev/null 2>&1; then
        log "creating system user '$ES_USER' (Elasticsearch refuses to run as root)"
        useradd --system --user-group --no-create-home \
            --home-dir /nonexistent --shell /usr/sbin/nologin "$ES_USER"
    fi
    local parent
    parent=$(dirname "$ES_HOME")
    mkdir -p "$parent"
    if ! runuser -u "$ES_USER" -- test -x "$parent"; then
        local alt
        alt="/var/tmp/es-$(printf '%s' "$ES_HOME" | md5sum | cut -c1-12)"
        warn "user '$ES_USER' cannot reach $parent; using ES_HOME=$alt instead"
        ES_HOME=$alt
        set_layout
    fi
}

# Run a command as the user that owns the node.
as_es_user() {
    if is_root; then
        runuser -u "$ES_USER" -- "$@"
    else
        "$@"
    fi
}

# Pid from the pid file if that process is alive.
running_pid() {
    [ -f "$PID_FILE" ] || return 1
    local pid
    pid=$(cat "$PID_FILE" 2>/dev/null) || return 1
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

# --------------------------------------------------------------------------
# install
# --------------------------------------------------------------------------

# Our elasticsearch.yml and heap settings.
write_config() {
    cat >"$CONF_DIR/elasticsearch.yml" <<EOF
# Written by scripts/elasticsearch.sh: single-node test instance.
cluster.name: test-cluster
node.name: test-node
discovery.type: single-node
network.host: $ES_HOST
http.port: $ES_PORT
path.data: $DATA_DIR
path.logs: $LOGS_DIR
# Tests talk plain HTTP without credentials.
xpack.security.enabled: false
# Keep a nearly full disk from turning indices read-only during tests.
cluster.routing.allocation.disk.threshold_enabled: false
# This distribution has neither the ingest-geoip nor the ML module: their
# settings (ingest.geoip.downloader.enabled, xpack.ml.enabled) would be
# unknown settings, which make the node refuse to start.
EOF
    mkdir -p "$CONF_DIR/jvm.options.d"
    printf -- '-Xms%s\n-Xmx%s\n' "$ES_HEAP" "$ES_HEAP" >"$CONF_DIR/jvm.options.d/heap.options"
}

# Compile the optional stable-API analysis plugin (see the header) into
# plugins/, unless it is already built from the same sources.
install_analysis_plugin() {
    local src="$ES_ANALYSIS_PLUGIN_SRC" dest="$DIST_DIR/plugins/$ANALYSIS_PLUGIN_NAME"
    if [ ! -d "$src" ]; then
        warn "no analysis plugin source at $src: the node has no asciifolding," \
            "elision, stemmer, synonym, ngram/edge_ngram (analysis-common is not on Maven Central)"
        return 0
    fi
    [ -f "$src/named_components.json" ] || die "$src/named_components.json is missing"

    local sum
    sum=$(cd "$src" && find . -type f \( -name '*.java' -o -name '*.json' \) -print0 |
        sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
    if [ -f "$dest/.source-sum" ] && [ "$(cat "$dest/.source-sum")" = "$sum" ]; then
        return 0
    fi

    choose_java
    log "building analysis plugin '$ANALYSIS_PLUGIN_NAME' from $src"
    local build cp
    build=$(mktemp -d)
    cp=$(find "$DIST_DIR/lib" -maxdepth 1 \( -name 'elasticsearch-plugin-*api-*.jar' \
        -o -name 'lucene-core-*.jar' -o -name 'lucene-analysis-common-*.jar' \) | sort | paste -sd:)
    mkdir -p "$build/classes"
    find "$src/src" -name '*.java' >"$build/sources"
    "$ES_JAVA_HOME/bin/javac" --release 17 -nowarn -d "$build/classes" -cp "$cp" "@$build/sources" ||
        die "analysis plugin does not compile"
    rm -rf "$dest"
    mkdir -p "$dest"
    "$ES_JAVA_HOME/bin/jar" cf "$dest/$ANALYSIS_PLUGIN_NAME.jar" -C "$build/classes" .
    cp "$src/named_components.json" "$dest/"
    cat >"$dest/stable-plugin-descriptor.properties" <<EOF
description=Analysis components for tests (stable plugin API), from $src
version=$ES_VERSION
name=$ANALYSIS_PLUGIN_NAME
java.version=17
elasticsearch.version=$ES_VERSION
EOF
    echo "$sum" >"$dest/.source-sum"
    rm -rf "$build"
    if is_root; then chown -R "$ES_USER:$ES_USER" "$dest"; fi
    if answers; then warn "restart the node to load the rebuilt analysis plugin"; fi
}

cmd_install() {
    prepare_user
    if [ ! -f "$INSTALLED_MARK" ]; then
        command -v mvn >/dev/null 2>&1 || die "mvn not found (needed to fetch Elasticsearch)"
        command -v unzip >/dev/null 2>&1 || die "unzip not found (apt-get install unzip)"
        log "installing Elasticsearch $ES_VERSION into $ES_HOME"
        log "fetching $ES_DIST_ARTIFACT with Maven"
        mkdir -p "$DOWNLOAD_DIR"
        if ! mvn -B -Dstyle.color=never "$MVN_DEPENDENCY_PLUGIN:copy" \
            -Dartifact="$ES_DIST_ARTIFACT" -DoutputDirectory="$DOWNLOAD_DIR" \
            >"$DOWNLOAD_DIR/mvn.log" 2>&1; then
            grep -E 'ERROR|BUILD' "$DOWNLOAD_DIR/mvn.log" | head -n 20 >&2 || true
            die "could not fetch $ES_DIST_ARTIFACT (log: $DOWNLOAD_DIR/mvn.log)"
        fi
        rm -rf "$DIST_DIR"
        unzip -q "$DOWNLOAD_DIR/elasticsearch-$ES_VERSION.zip" -d "$ES_HOME"
        [ -x "$DIST_DIR/bin/elasticsearch" ] || die "unexpected archive layout in $DIST_DIR"
        rm -f "$DOWNLOAD_DIR/elasticsearch-$ES_VERSION.zip" # Maven keeps its own copy
        write_config
        touch "$INSTALLED_MARK"
        log "installed in $DIST_DIR (modules: $(cd "$DIST_DIR/modules" && echo *))"
    fi
    install_analysis_plugin
}

# --------------------------------------------------------------------------
# start / stop / status
# --------------------------------------------------------------------------

cmd_start() {
    if answers; then
        log "already running at $ES_URL"
        return 0
    fi
    cmd_install
    choose_java

    local pid
    if pid=$(running_pid); then
        log "process $pid is already starting; waiting for it"
    else
        mkdir -p "$DATA_DIR" "$LOGS_DIR" "$RUN_DIR"
        rm -f "$PID_FILE"
        if is_root; then chown -R "$ES_USER:$ES_USER" "$ES_HOME"; fi
        log "starting Elasticsearch $ES_VERSION on $ES_URL (Java: $ES_JAVA_HOME, heap $ES_HEAP)"
        # -d: daemonize (returns once the node has started), -p: pid file.
        # Run from DIST_DIR, since the stock jvm.options use relative paths.
        # Console output goes to startup.log; the node log is test-cluster.log.
        if ! (
            cd "$DIST_DIR"
            as_es_user env -u JAVA_HOME \
                ES_JAVA_HOME="$ES_JAVA_HOME" ES_PATH_CONF="$CONF_DIR" \
                ES_JAVA_OPTS="${ES_JAVA_OPTS:-}" \
                ./bin/elasticsearch -d -p "$PID_FILE"
        ) >"$LOGS_DIR/startup.log" 2>&1; then
            tail -n 30 "$LOGS_DIR/startup.log" >&2 || true
            die "Elasticsearch failed to start; see $LOGS_DIR/startup.log and $LOGS_DIR/test-cluster.log"
        fi
    fi

    # Wait for the HTTP port, then for a green cluster (a fresh single node
    # with no index is green; yellow is accepted too).
    local deadline=$((SECONDS + ES_START_TIMEOUT))
    until answers; do
        running_pid >/dev/null || die "Elasticsearch exited; see $LOGS_DIR/test-cluster.log"
        [ $SECONDS -lt $deadline ] || die "no answer on $ES_URL after ${ES_START_TIMEOUT}s; see $LOGS_DIR"
        sleep 1
    done
    local health
    health=$(http_get "/_cluster/health?wait_for_status=green&timeout=60s" 65) ||
        die "cluster health request failed"
    case "$health" in
    *'"status":"green"'*) log "cluster is green" ;;
    *'"status":"yellow"'*) log "cluster is yellow (accepted for a single node)" ;;
    *) die "cluster is not healthy: $health" ;;
    esac
    log "Elasticsearch $ES_VERSION is up at $ES_URL (pid $(cat "$PID_FILE" 2>/dev/null || echo '?'))"
}

cmd_stop() {
    prepare_user
    local pid
    if ! pid=$(running_pid); then
        rm -f "$PID_FILE"
        if answers; then
            warn "a node answers on $ES_URL but was not started from $ES_HOME; left alone"
        else
            log "not running"
        fi
        return 0
    fi
    log "stopping Elasticsearch (pid $pid)"
    kill "$pid"
    local waited=0
    while kill -0 "$pid" 2>/dev/null && [ $waited -lt 60 ]; do
        sleep 1
        waited=$((waited + 1))
    done
    if kill -0 "$pid" 2>/dev/null; then
        warn "still alive after 60s; killing it"
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$PID_FILE"
    log "stopped"
}

cmd_status() {
    local health
    if health=$(http_get /_cluster/health 2>/dev/null) && [[ "$health" == *'"cluster_name"'* ]]; then
        local status version plugins
        status=$(printf '%s' "$health" | sed -n 's/.*"status" *: *"\([a-z]*\)".*/\1/p')
        version=$(http_get "/_cat/nodes?h=version" 2>/dev/null | head -n 1 | tr -d '[:space:]')
        plugins=$(http_get "/_cat/plugins?h=component" 2>/dev/null | sort -u | paste -sd' ')
        log "running at $ES_URL (version ${version:-?}, cluster $status, plugins: ${plugins:-none})"
        return 0
    fi
    log "not answering at $ES_URL"
    return 1
}

case "${1:-}" in
install) cmd_install ;;
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
*)
    echo "usage: $0 {install|start|stop|status}" >&2
    exit 2
    ;;
esac
