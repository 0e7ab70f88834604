#!/usr/bin/env bash
# bench.sh: conclint against `go vet` (and the closest peers) on real modules.
#
#   .ci/bench.sh                                   # make bench: defaults below (~15 min on an idle 2-core machine)
#   .ci/bench.sh -runs 5 -modules "vault-api go-zero prometheus"
#   .ci/bench.sh -modes cold -peers none -runs 3   # only the cold comparison, no peers
#   .ci/bench.sh -summary /tmp/conclint-bench/records.tsv   # re-print the tables of an earlier run
#
# Flags:
#   -runs N        runs of each tool per mode and module (default 3); medians are reported
#   -modules LIST  modules of ../shared/realcode.sh to measure (default "vault-api go-zero");
#                  "vault-api go-zero prometheus" are the small, medium and large sets of docs/performance.md
#   -modes LIST    any of: cold warm edit (default "cold warm edit")
#                    cold: every run gets its own empty GOCACHE (nothing compiled, not even std)
#                    warm: build cache populated (every dependency compiled), vet results not cached
#                    edit: vet results cached, then one comment appended to one file and the run repeated,
#                          and a re-run with no change at all
#   -peers LIST    peers to run like conclint (default "noctx contextcheck gosec bodyclose"; "none")
#   -variants LIST conclint variants: "all" (the whole suite), "inprocess" (the whole suite in
#                  the old single-process checker, standalone only) and any analyzer name run alone
#                  (default "all inprocess": the standalone front, which hands the packages to
#                  go vet, against the in-process checker it replaced)
#   -tools LIST    comma-separated labels to run instead of the default set, e.g.
#                  "go vet,conclint,vet conclint,conclint -inprocess,contextcheck,vet bodyclose"
#                  (in-process labels, "conclint -inprocess" and the peers' own drivers, are
#                  skipped in the edit mode: they cache nothing)
#   -out DIR       work directory (default /tmp/conclint-bench); records go to DIR/records.tsv,
#                  each with the 1-minute load average before and after the run (the machine may be shared)
#   -bin PATH      conclint binary to measure (default: built from this tree into DIR/bin)
#
# "conclint" is the standalone front (it hands the packages to go vet -vettool=conclint, so it uses
# and fills the go command's vet cache like "vet conclint"); "conclint -inprocess" is the old
# single-process checker, which caches nothing.
# Each measured command runs under /usr/bin/time -v (wall time, user+sys CPU time of the whole
# process tree, and peak RSS, which for a process tree is the largest single process: go vet runs
# one vet or compile process per package, up to GOMAXPROCS at a time). Tools alternate inside a
# round (the order rotates each round), so drift on a shared machine hits every tool alike.
# The modules come through the Go module proxy: the benchmark copies each throwaway module made by
# ../shared/realcode.sh (REALCODE_DIR, default /tmp/realcode; it fetches the ones missing) and adds
# the test dependencies (`go get -t`), since go vet always vets the test files too; conclint and the
# peers run with tests as well (their default; gosec needs -tests). Peers are installed with
# `go install module@version` into DIR/gobin.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)

RUNS=3 MODULES="vault-api go-zero" MODES="cold warm edit" PEERS="noctx contextcheck gosec bodyclose"
VARIANTS="all inprocess" OUT=/tmp/conclint-bench BIN= SUMMARY= TOOLS_ARG=
while [ $# -gt 0 ]; do
	case $1 in
	-runs) RUNS=$2; shift 2 ;;
	-modules) MODULES=$2; shift 2 ;;
	-modes) MODES=$2; shift 2 ;;
	-peers) PEERS=$2; shift 2 ;;
	-variants) VARIANTS=$2; shift 2 ;;
	-tools) TOOLS_ARG=$2; shift 2 ;;
	-out) OUT=$2; shift 2 ;;
	-bin) BIN=$2; shift 2 ;;
	-summary) SUMMARY=$2; shift 2 ;;
	-h | -help | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) echo "unknown flag $1 (see -help)" >&2; exit 2 ;;
	esac
done
[ "$PEERS" = none ] && PEERS=

# The peers, pinned: module path, version, package to install.
declare -A PEER_PKG=(
	[noctx]=github.com/sonatard/noctx/cmd/noctx@v0.5.1
	[contextcheck]=github.com/kkHAIKE/contextcheck/cmd/contextcheck@v1.1.6
	[bodyclose]=github.com/timakin/bodyclose@v0.0.0-20260723120731-857993a2939c
	[gosec]=github.com/securego/gosec/v2/cmd/gosec@v2.30.0
)
# The file of each module that the edit mode appends a comment to (relative to the module root).
declare -A EDIT_FILE=(
	[vault-api]=client.go [go-zero]=rest/server.go [kratos]=app.go [fiber]=app.go
	[nats-server]=server/server.go [prometheus]=web/web.go [etcd]=etcdserver/server.go
	[jaeger]=cmd/query/main.go [telegraf]=plugins/inputs/http/http.go [go-ethereum]=rpc/server.go
)

summarize() {
	python3 - "$1" <<'PY'
import csv, sys, statistics as st, collections
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
by = collections.defaultdict(list)
order_mod, order_tool = [], {}
for r in rows:
    key = (r["module"], r["mode"], r["tool"])
    by[key].append(r)
    if r["module"] not in order_mod: order_mod.append(r["module"])
    order_tool.setdefault((r["module"], r["mode"]), [])
    if r["tool"] not in order_tool[(r["module"], r["mode"])]: order_tool[(r["module"], r["mode"])].append(r["tool"])
def med(rs, f): return st.median(float(x[f]) for x in rs)
titles = {
    "cold": "cold: empty GOCACHE per run (standalone tools, and go vet -vettool=TOOL)",
    "warm": "warm: dependencies compiled, vet results not cached",
    "edit": "edit: one comment appended to one file, then the same command again (vet results of the rest cached)",
    "nochange": "nochange: the same command again with nothing changed",
}
for mod in order_mod:
    for mode in ["cold", "warm", "edit", "nochange"]:
        tools = order_tool.get((mod, mode))
        if not tools: continue
        base = by.get((mod, mode, "go vet"))
        print(f"\n### {mod}, {titles[mode]}\n")
        print("| tool | runs | wall s | CPU s | peak RSS MB | wall / go vet | CPU / go vet | RSS / go vet | exit | load avg (1 min) |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---|---|")
        for t in tools:
            rs = by[(mod, mode, t)]
            w, c, m = med(rs, "wall"), st.median(float(x["user"]) + float(x["sys"]) for x in rs), med(rs, "maxrss_kb") / 1024
            if base and t != "go vet":
                bw, bc, bm = med(base, "wall"), st.median(float(x["user"]) + float(x["sys"]) for x in base), med(base, "maxrss_kb") / 1024
                rw, rc_, rm = f"{w/bw:.2f}x", f"{c/bc:.2f}x", f"{m/bm:.2f}x"
            else:
                rw = rc_ = rm = ""
            codes = ",".join(sorted(set(x["rc"] for x in rs)))
            loads = [float(x[k]) for x in rs for k in ("load_before", "load_after") if x.get(k)]
            load = f"{min(loads):.1f}-{max(loads):.1f}" if loads else "n/a"
            print(f"| {t} | {len(rs)} | {w:.1f} | {c:.1f} | {m:.0f} | {rw} | {rc_} | {rm} | {codes} | {load} |")
PY
}

if [ -n "$SUMMARY" ]; then summarize "$SUMMARY"; exit 0; fi

command -v /usr/bin/time >/dev/null || [ -x /usr/bin/time ] || {
	echo "installing GNU time (Debian package time)" >&2
	apt-get update -qq && apt-get install -y -qq time >/dev/null
}
mkdir -p "$OUT/bin" "$OUT/gobin" "$OUT/mods" "$OUT/logs" "$OUT/caches"
OUT=$(realpath "$OUT")
REALCODE_DIR=${REALCODE_DIR:-/tmp/realcode}
REALCODE_SH=$(realpath "$REPO/../shared/realcode.sh")

# conclint, built from this tree.
if [ -z "$BIN" ]; then
	BIN=$OUT/bin/conclint
	go build -o "$BIN" ./cmd/conclint
fi
BIN=$(realpath "$BIN")
export GOFLAGS=-mod=mod GOWORK=off GOTOOLCHAIN=local
# warmer: conclint with one byte appended, so go vet gives it another tool ID. Running it fills a
# cache with every compiled dependency but no vet result of the measured tools (the warm template).
cp "$BIN" "$OUT/bin/warmer" && printf '\n' >>"$OUT/bin/warmer"

# Peers, from the module proxy.
for p in $PEERS; do
	stamp=$OUT/gobin/$p.version
	if [ ! -x "$OUT/gobin/$p" ] || [ "$(cat "$stamp" 2>/dev/null)" != "${PEER_PKG[$p]}" ]; then
		echo "installing $p (${PEER_PKG[$p]})" >&2
		if [ "$p" = noctx ]; then
			# noctx's own command is vet-only (unitchecker): build the same analyzer as a
			# singlechecker, which runs standalone and as a vet tool, as golangci-lint would run it.
			w=$OUT/gobin/noctx-src
			rm -rf "$w" && mkdir -p "$w"
			printf 'package main\n\nimport (\n\t"github.com/sonatard/noctx"\n\t"golang.org/x/tools/go/analysis/singlechecker"\n)\n\nfunc main() { singlechecker.Main(noctx.Analyzer) }\n' >"$w/main.go"
			(cd "$w" && go mod init bench/noctx >/dev/null 2>&1 && go get "${PEER_PKG[$p]%/cmd/noctx@*}@${PEER_PKG[$p]#*@}" >/dev/null 2>&1 &&
				go mod tidy >/dev/null 2>&1 && go build -o "$OUT/gobin/noctx" .)
		else
			GOBIN=$OUT/gobin go install "${PEER_PKG[$p]}"
		fi
		echo "${PEER_PKG[$p]}" >"$stamp"
	fi
done

# The modules: copies of realcode.sh's throwaway modules, with test dependencies.
declare -A PATS MODPATH
for name in $MODULES; do
	line=$(grep -E "^$name[[:space:]]" "$REALCODE_SH" | head -1) || { echo "no module $name in $REALCODE_SH" >&2; exit 2; }
	read -r _ modver pats <<<"$line"
	PATS[$name]=$pats MODPATH[$name]=${modver%@*}
	src=$REALCODE_DIR/mod-$name
	if [ ! -f "$src/.ready" ]; then
		echo "fetching $name through realcode.sh" >&2
		REALCODE_DIR=$REALCODE_DIR "$REALCODE_SH" -only "$name" -bin "$BIN" -- -httptimeout >/dev/null || true
		[ -f "$src/.ready" ] || { echo "could not fetch $name" >&2; exit 2; }
	fi
	m=$OUT/mods/$name
	if [ ! -f "$m/.ready" ]; then
		rm -rf "$m" && mkdir -p "$m" && cp "$src/go.mod" "$src/go.sum" "$m/"
		# shellcheck disable=SC2086
		(cd "$m" && go get -t $pats >get-t.log 2>&1) || { echo "go get -t failed for $name, see $m/get-t.log" >&2; exit 2; }
		touch "$m/.ready"
	fi
	# The edit copy: the module's own source in src/, writable, used through a replace directive.
	e=$OUT/mods/$name-edit
	if [ ! -f "$e/.ready" ]; then
		rm -rf "$e" && mkdir -p "$e"
		dir=$(cd "$m" && go list -m -f '{{.Dir}}' "${modver%@*}")
		cp -r "$dir" "$e/src" && chmod -R u+w "$e/src"
		cp "$m/go.mod" "$m/go.sum" "$e/"
		printf '\nreplace %s => ./src\n' "${modver%@*}" >>"$e/go.mod"
		(cd "$e" && go mod download >/dev/null 2>&1 || true)
		touch "$e/.ready"
	fi
done

# The measured tools: label and command (run in the module dir, patterns appended).
# gosec is its own driver: it runs in the edit copy's src/ with relative patterns, standalone only.
tool_cmd() { # tool-label module -> prints the command words
	local t=$1 name=$2
	case $t in
	"go vet") echo "go vet" ;;
	"conclint") echo "$BIN" ;;
	"conclint -"*) echo "$BIN ${t#conclint }" ;;
	"vet conclint") echo "go vet -vettool=$BIN" ;;
	"vet conclint -"*) echo "go vet -vettool=$BIN ${t#vet conclint }" ;;
	"gosec") echo "$OUT/gobin/gosec -quiet -tests -include=G112,G114" ;;
	"vet "*) echo "go vet -vettool=$OUT/gobin/${t#vet }" ;;
	*) echo "$OUT/gobin/$t" ;;
	esac
}
inprocess_label() { # label -> true when the tool runs in one process and caches nothing
	case $1 in
	"go vet" | "vet "*) return 1 ;;
	*-inprocess*) return 0 ;;
	"conclint" | "conclint "*) return 1 ;; # the standalone front runs go vet
	*) return 0 ;;                          # the peers' own drivers
	esac
}
tools_for() { # mode -> one label per line
	local mode=$1 v p t
	if [ -n "$TOOLS_ARG" ]; then
		IFS=, read -ra sel <<<"$TOOLS_ARG"
		for t in "${sel[@]}"; do
			if [ "$mode" != edit ] || ! inprocess_label "$t"; then echo "$t"; fi
		done
		return 0
	fi
	echo "go vet"
	for v in $VARIANTS; do
		case $v in all) echo "vet conclint" ;; inprocess) ;; *) echo "vet conclint -$v" ;; esac
	done
	for v in $VARIANTS; do
		case $v in
		all) echo "conclint" ;;
		inprocess) [ "$mode" != edit ] && echo "conclint -inprocess" ;;
		*) echo "conclint -$v" ;;
		esac
	done
	for p in $PEERS; do
		[ "$mode" = cold ] && echo "$p"
		[ "$p" != gosec ] && echo "vet $p"
	done
	return 0
}

REC=$OUT/records.tsv
[ -f "$REC" ] || printf 'module\tmode\ttool\trun\twall\tuser\tsys\tmaxrss_kb\trc\tload_before\tload_after\tdate\n' >"$REC"

measure() { # module mode tool run gocache -> appends a record
	local name=$1 mode=$2 t=$3 run=$4 cache=$5 dir pats cmd tv log rc line l0 l1
	dir=$OUT/mods/$name pats=${PATS[$name]}
	if [ "$t" = gosec ] || [ "$mode" = edit ] || [ "$mode" = nochange ]; then dir=$OUT/mods/$name-edit; fi
	if [ "$t" = gosec ]; then
		dir=$dir/src
		pats=$(for p in $pats; do printf './%s ' "${p#"${MODPATH[$name]}"/}"; done)
	fi
	cmd=$(tool_cmd "$t" "$name")
	tv=$OUT/logs/time.$BASHPID log=$OUT/logs/$name.$mode.${t// /_}.$run.log
	# The 1-minute load average before and after the run goes with every record: the machine
	# may be shared, and wall times mean little without it.
	l0=$(cut -d' ' -f1 /proc/loadavg)
	# shellcheck disable=SC2086
	(cd "$dir" && GOCACHE=$cache /usr/bin/time -v -o "$tv" $cmd $pats >"$log" 2>&1) && rc=0 || rc=$?
	l1=$(cut -d' ' -f1 /proc/loadavg)
	line=$(python3 - "$tv" "$name" "$mode" "$t" "$run" "$rc" "$l0" "$l1" <<'PY'
import sys, re, datetime
tv, name, mode, tool, run, rc, l0, l1 = sys.argv[1:]
txt = open(tv).read()
def f(key):
    m = re.search(re.escape(key) + r": (.*)", txt)
    return m.group(1).strip() if m else "0"
w = f("Elapsed (wall clock) time (h:mm:ss or m:ss)")
secs = 0.0
for part in w.split(":"):
    secs = secs * 60 + float(part)
print("\t".join([name, mode, tool, run, f"{secs:.2f}", f("User time (seconds)"), f("System time (seconds)"), f("Maximum resident set size (kbytes)"), rc, l0, l1,
    datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%MZ")]))
PY
)
	printf '%s\n' "$line" >>"$REC"
	printf '%s\n' "$line" | awk -F'\t' '{printf "  %-12s %-8s %-28s run %s: %7.1fs wall %7.1fs cpu %6.0f MB rc %s load %s-%s\n", $1, $2, $3, $4, $5, $6+$7, $8/1024, $9, $10, $11}' >&2
}

warm_template() { # module -> prints the directory of its warm template cache, filling it once
	local name=$1 tmpl=$OUT/caches/warm-$1
	if [ ! -f "$tmpl/.ready" ]; then
		rm -rf "$tmpl" && mkdir -p "$tmpl"
		echo "  filling the warm template cache (untimed)" >&2
		# shellcheck disable=SC2086
		(cd "$OUT/mods/$name" && GOCACHE=$tmpl go vet -vettool="$OUT/bin/warmer" -httptimeout ${PATS[$name]} >/dev/null 2>&1 || true)
		touch "$tmpl/.ready"
	fi
	echo "$tmpl"
}

rotate() { # n lines... -> the lines rotated left by n
	local n=$1; shift
	local k=$(( n % $# ))
	printf '%s\n' "${@:k+1}" "${@:1:k}"
}

for name in $MODULES; do
	for mode in $MODES; do
		mapfile -t TOOLS < <(tools_for "$mode")
		echo "== $name, $mode: ${#TOOLS[@]} tools x $RUNS runs" >&2
		case $mode in
		cold)
			for ((r = 1; r <= RUNS; r++)); do
				mapfile -t order < <(rotate $((r - 1)) "${TOOLS[@]}")
				for t in "${order[@]}"; do
					c=$(mktemp -d "$OUT/caches/cold.XXXX")
					measure "$name" cold "$t" "$r" "$c"
					rm -rf "$c"
				done
			done
			;;
		warm)
			tmpl=$(warm_template "$name")
			for ((r = 1; r <= RUNS; r++)); do
				mapfile -t order < <(rotate $((r - 1)) "${TOOLS[@]}")
				for t in "${order[@]}"; do
					c=$OUT/caches/warm-run.$$
					rm -rf "$c" && cp -al "$tmpl" "$c" # hard links: the go command never rewrites a cache file
					measure "$name" warm "$t" "$r" "$c"
					rm -rf "$c"
				done
			done
			;;
		edit)
			c=$OUT/caches/edit-$name
			f=$OUT/mods/$name-edit/src/${EDIT_FILE[$name]:-}
			[ -f "$f" ] || { echo "no edit file for $name ($f)" >&2; exit 2; }
			if [ ! -d "$c" ]; then
				# Start from the warm template (hard links), so that warming each tool below
				# compiles only the edit copy's own packages.
				tmpl=$(warm_template "$name")
				cp -al "$tmpl" "$c"
			fi
			if [ -f "$f.orig" ]; then cp "$f.orig" "$f"; else cp "$f" "$f.orig"; fi
			echo "  warming each tool once (untimed)" >&2
			for t in "${TOOLS[@]}"; do
				cmd=$(tool_cmd "$t" "$name")
				# shellcheck disable=SC2086
				(cd "$OUT/mods/$name-edit" && GOCACHE=$c $cmd ${PATS[$name]} >/dev/null 2>&1 || true)
			done
			for ((r = 1; r <= RUNS; r++)); do
				mapfile -t order < <(rotate $((r - 1)) "${TOOLS[@]}")
				for t in "${order[@]}"; do
					printf '\n// conclint bench edit %s %s %s\n' "${t// /_}" "$r" "$(date +%s%N)" >>"$f"
					measure "$name" edit "$t" "$r" "$c"
					measure "$name" nochange "$t" "$r" "$c"
				done
			done
			cp "$f.orig" "$f" && rm -f "$f.orig"
			;;
		*) echo "unknown mode $mode" >&2; exit 2 ;;
		esac
	done
done

echo >&2
echo "records: $REC   logs: $OUT/logs" >&2
summarize "$REC"
