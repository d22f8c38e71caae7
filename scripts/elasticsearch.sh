#!/usr/bin/env bash
# Local single-node Elasticsearch 8.x for the test suite.
#
# Usage: scripts/elasticsearch.sh {install|start|stop|status}
#
#   install  fetch the distribution with Maven (from the configured Maven
#            repository, i.e. Maven Central) and unpack it under $ES_HOME
#   start    install if needed, start the node in the background and wait
#            until the cluster is green; does nothing if it already answers
#   stop     stop the node started by `start` (pid file)
#   status   say whether the node answers; exit non-zero if it does not
#
# Environment (all optional):
#   ES_HOME          where everything lives: distribution, config, data, logs,
#                    pid file                       (default: <repo>/.es)
#   ES_VERSION       Elasticsearch version          (default: 8.19.21)
#   ES_JAVA_HOME     JDK used to run it (17+)       (default: first JDK 17+
#                    found in /usr/lib/jvm, preferring 17 and 21)
#   ES_HEAP          heap size for -Xms/-Xmx        (default: 512m)
#   ES_HOST, ES_PORT HTTP address                   (default: 127.0.0.1:9200)
#   ES_USER          system user that runs the node when this script runs as
#                    root (Elasticsearch refuses to run as root)
#                                                   (default: elasticsearch)
#   ES_START_TIMEOUT seconds to wait for the node   (default: 120)
#
# The distribution is the artifact
#   org.elasticsearch.distribution.integ-test-zip:elasticsearch:<version>:zip
# which is the only Elasticsearch 8.x server distribution published to Maven
# Central. It ships only a few modules (transport-netty4, x-pack-core,
# x-pack-security, apm): in particular NOT analysis-common, which provides
# most token filters/tokenizers (asciifolding, elision, stemmer, synonym,
# ngram, edge_ngram, the language analyzers...). `install` therefore also
# tries to add the modules listed in ES_MODULES from Maven
# (group ES_MODULE_GROUP) and, if ES_EXTRA_MODULES_DIR is set, copies every
# ready-made module folder found there into modules/. A missing module is
# reported as a warning; `start` still brings the node up.

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

# Maven coordinates.
ES_DIST_ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:${ES_VERSION}:zip"
ES_MODULE_GROUP=${ES_MODULE_GROUP:-org.codelibs.elasticsearch.module}
ES_MODULES=${ES_MODULES:-analysis-common}
ES_EXTRA_MODULES_DIR=${ES_EXTRA_MODULES_DIR:-}
# Pinned so that `dependency:copy -Dartifact=...` behaves the same everywhere.
MVN_DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1

ES_URL="http://${ES_HOST}:${ES_PORT}"

# Layout under ES_HOME (set by set_layout, since ES_HOME may be relocated).
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

# True if something answers like Elasticsearch on ES_URL.
answers() { http_get / 2>/dev/null | grep -q '"cluster_name"'; }

# Java major version of a JDK home ("17", "25"...), empty if not a JDK.
java_major() {
    local java="$1/bin/java" v
    [ -x "$java" ] || return 0
    v=$("$java" -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -n 1)
    echo "$v"
}

# Pick ES_JAVA_HOME: keep the caller's value, otherwise the first JDK 17+
# under /usr/lib/jvm (LTS versions 17 and 21 first), otherwise the JDK of
# the `java` on PATH.
choose_java() {
    if [ -n "${ES_JAVA_HOME:-}" ]; then
        local v
        v=$(java_major "$ES_JAVA_HOME")
        [ -n "$v" ] || die "ES_JAVA_HOME=$ES_JAVA_HOME has no bin/java"
        [ "$v" -ge 17 ] || die "ES_JAVA_HOME=$ES_JAVA_HOME is Java $v; Elasticsearch 8 needs 17+"
        return
    fi
    local candidates=() d v
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
            return
        fi
    done
    die "no JDK 17+ found (looked in /usr/lib/jvm and PATH); set ES_JAVA_HOME"
}

# When running as root, Elasticsearch must run as another user, which needs
# to reach ES_HOME. If a parent folder is closed to it (e.g. a clone under
# /root), move ES_HOME to a world-traversable place instead.
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
        alt="/var/tmp/es-$(printf '%s' "$REPO_ROOT" | md5sum | cut -c1-12)"
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

# Copy one artifact from the Maven repository into DOWNLOAD_DIR.
mvn_copy() {
    mvn -B -q -Dstyle.color=never "$MVN_DEPENDENCY_PLUGIN:copy" \
        -Dartifact="$1" -DoutputDirectory="$DOWNLOAD_DIR" -Dmdep.overWriteIfNewer=true
}

# --------------------------------------------------------------------------
# install
# --------------------------------------------------------------------------

# Add Elasticsearch modules to the distribution:
#  - from Maven: ES_MODULE_GROUP:<name>:ES_VERSION (jar), for each name in
#    ES_MODULES (these republished module jars hold no plugin descriptor,
#    so one is written for the modules we know);
#  - from ES_EXTRA_MODULES_DIR: ready-made module folders
#    (<name>/plugin-descriptor.properties + jars), copied as they are.
install_modules() {
    local name jar classname extended
    for name in $ES_MODULES; do
        [ -d "$DIST_DIR/modules/$name" ] && continue
        case "$name" in
        analysis-common)
            classname=org.elasticsearch.analysis.common.CommonAnalysisPlugin
            extended=lang-painless
            ;;
        mapper-extras)
            classname=org.elasticsearch.index.mapper.extras.MapperExtrasPlugin
            extended=
            ;;
        *)
            warn "no plugin descriptor known for module '$name'; skipped"
            continue
            ;;
        esac
        log "looking for module $ES_MODULE_GROUP:$name:$ES_VERSION"
        if ! mvn_copy "$ES_MODULE_GROUP:$name:$ES_VERSION:jar" >/dev/null 2>&1; then
            warn "module '$name' $ES_VERSION is not in the Maven repository; the node runs without it"
            continue
        fi
        jar="$DOWNLOAD_DIR/$name-$ES_VERSION.jar"
        if [ -n "$extended" ] && [ ! -d "$DIST_DIR/modules/$extended" ]; then
            warn "module '$name' needs '$extended', which is missing; skipped"
            continue
        fi
        mkdir -p "$DIST_DIR/modules/$name"
        cp "$jar" "$DIST_DIR/modules/$name/"
        {
            echo "description=$name module"
            echo "version=$ES_VERSION"
            echo "name=$name"
            echo "classname=$classname"
            echo "java.version=17"
            echo "elasticsearch.version=$ES_VERSION"
            [ -n "$extended" ] && echo "extended.plugins=$extended"
        } >"$DIST_DIR/modules/$name/plugin-descriptor.properties"
        log "installed module $name"
    done

    if [ -n "$ES_EXTRA_MODULES_DIR" ]; then
        local dir
        for dir in "$ES_EXTRA_MODULES_DIR"/*/; do
            [ -f "$dir/plugin-descriptor.properties" ] || continue
            name=$(basename "$dir")
            rm -rf "$DIST_DIR/modules/$name"
            cp -r "$dir" "$DIST_DIR/modules/$name"
            log "installed module $name from $ES_EXTRA_MODULES_DIR"
        done
    fi
}

# Write our elasticsearch.yml and heap settings.
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
# Keep a small disk from turning indices read-only during tests.
cluster.routing.allocation.disk.threshold_enabled: false
# Note: this distribution has neither ingest-geoip nor ML, so their settings
# (ingest.geoip.downloader.enabled, xpack.ml.enabled) must not be set: the
# node refuses unknown settings.
EOF
    mkdir -p "$CONF_DIR/jvm.options.d"
    cat >"$CONF_DIR/jvm.options.d/heap.options" <<EOF
-Xms$ES_HEAP
-Xmx$ES_HEAP
EOF
}

cmd_install() {
    prepare_user
    if [ -f "$INSTALLED_MARK" ]; then
        log "Elasticsearch $ES_VERSION already installed in $DIST_DIR"
        return 0
    fi
    command -v mvn >/dev/null 2>&1 || die "mvn not found (needed to fetch Elasticsearch)"
    command -v unzip >/dev/null 2>&1 || die "unzip not found (apt-get install unzip)"

    log "installing Elasticsearch $ES_VERSION into $ES_HOME"
    mkdir -p "$DOWNLOAD_DIR"
    log "fetching $ES_DIST_ARTIFACT with Maven"
    mvn_copy "$ES_DIST_ARTIFACT" || die "could not fetch $ES_DIST_ARTIFACT"

    rm -rf "$DIST_DIR"
    unzip -q "$DOWNLOAD_DIR/elasticsearch-$ES_VERSION.zip" -d "$ES_HOME"
    [ -x "$DIST_DIR/bin/elasticsearch" ] || die "unexpected archive layout in $DIST_DIR"

    install_modules
    write_config
    touch "$INSTALLED_MARK"
    log "installed; modules: $(cd "$DIST_DIR/modules" && echo *)"
}

# --------------------------------------------------------------------------
# start / stop / status
# --------------------------------------------------------------------------

# Pid from the pid file if that process is alive.
running_pid() {
    [ -f "$PID_FILE" ] || return 1
    local pid
    pid=$(cat "$PID_FILE" 2>/dev/null) || return 1
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

cmd_start() {
    if answers; then
        log "already running at $ES_URL"
        return 0
    fi
    cmd_install
    choose_java

    local pid
    if pid=$(running_pid); then
        log "process $pid is starting but does not answer yet; waiting for it"
    else
        mkdir -p "$DATA_DIR" "$LOGS_DIR" "$RUN_DIR"
        rm -f "$PID_FILE"
        is_root && chown -R "$ES_USER:$ES_USER" "$ES_HOME"
        log "starting Elasticsearch $ES_VERSION on $ES_URL (Java: $ES_JAVA_HOME, heap $ES_HEAP)"
        # -d: daemonize (returns once the node has started), -p: pid file.
        # Started from DIST_DIR: the default jvm.options use relative paths.
        (
            cd "$DIST_DIR"
            as_es_user env -u JAVA_HOME \
                ES_JAVA_HOME="$ES_JAVA_HOME" ES_PATH_CONF="$CONF_DIR" \
                ES_JAVA_OPTS="${ES_JAVA_OPTS:-}" \
                ./bin/elasticsearch -d -p "$PID_FILE"
        ) || die "Elasticsearch failed to start; see $LOGS_DIR/test-cluster.log"
    fi

    # Wait for the HTTP port, then for a green cluster.
    local deadline=$((SECONDS + ES_START_TIMEOUT))
    until answers; do
        if ! running_pid >/dev/null; then
            tail -n 30 "$LOGS_DIR/test-cluster.log" >&2 2>/dev/null || true
            die "Elasticsearch process is gone; see $LOGS_DIR/test-cluster.log"
        fi
        [ $SECONDS -lt $deadline ] || die "no answer on $ES_URL after ${ES_START_TIMEOUT}s; see $LOGS_DIR"
        sleep 1
    done
    local health
    health=$(http_get "/_cluster/health?wait_for_status=green&timeout=60s" 65) ||
        die "cluster health request failed"
    case "$health" in
    *'"status":"green"'*) log "cluster is green" ;;
    *'"status":"yellow"'*) log "cluster is yellow (acceptable for a single node)" ;;
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
            warn "something answers on $ES_URL but was not started by this script ($PID_FILE); left alone"
        else
            log "not running"
        fi
        return 0
    fi
    log "stopping Elasticsearch (pid $pid)"
    kill "$pid"
    local i
    for i in $(seq 1 60); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 1
    done
    if kill -0 "$pid" 2>/dev/null; then
        warn "still alive after 60s; killing it"
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$PID_FILE"
    log "stopped"
}

cmd_status() {
    local body
    if body=$(http_get / 2>/dev/null) && [[ "$body" == *'"cluster_name"'* ]]; then
        local version health
        version=$(printf '%s' "$body" | sed -n 's/.*"number" *: *"\([^"]*\)".*/\1/p' | head -n 1)
        health=$(http_get "/_cluster/health" 2>/dev/null |
            sed -n 's/.*"status" *: *"\([a-z]*\)".*/\1/p')
        log "running at $ES_URL (version ${version:-?}, cluster ${health:-unknown})"
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
