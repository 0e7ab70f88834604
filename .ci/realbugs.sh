#!/usr/bin/env bash
# realbugs: run conclint on the real fixed bugs of testdata/realbugs/cases.tsv
# and count how many it finds (docs/realbugs.md).
#
#   .ci/realbugs.sh                          # every case, at its buggy version
#   .ci/realbugs.sh -fixed                   # also the fixed versions: is the fix still flagged?
#   .ci/realbugs.sh -only ID[,ID...]         # these cases only
#   .ci/realbugs.sh -analyzer NAME           # the cases of one analyzer only
#   .ci/realbugs.sh -bin PATH                # this conclint binary (default: build ./cmd/conclint)
#   .ci/realbugs.sh -cases FILE              # another corpus file in the same format
#   .ci/realbugs.sh -max-pkgs N              # lint at most N packages a case (default 12)
#
# For each case, the module is fetched at bug_version into a throwaway module
# under $REALBUGS_DIR (default: realbugs in the temporary directory): `go mod
# init`, then `go get MODULE/...@VERSION`, or `go get PACKAGE@VERSION` when the
# whole module cannot be had. conclint then runs in process (-json
# -test=false) on the case's package and the packages of the module that
# import it. The case is found when a finding of the case's analyzer is in the
# case's file within 3 lines of its line, or a finding's call chain ("... at
# file.go:N") or related position ends there. With -fixed, every finding of
# the analyzer within 3 lines of fix_line at fix_version is listed: a fix that
# conclint still flags.
#
# The code of those modules is only loaded and type-checked (CGO_ENABLED=0),
# never built, tested or run.
#
# Cached: the throwaway modules are kept; each conclint run is stored under
# $REALBUGS_DIR/results/<hash of the binary>/, keyed by module, version and
# the packages linted, so a re-run costs only what a new binary or a changed
# row needs. Runs that failed are not stored and are tried again.
#
# Output: a CASE line per case (FIXED lines with -fixed), a table per
# analyzer, the misses (MISS), the cases that could not be loaded (NOLOAD),
# the analyzers this binary does not have (ABSENT), the fixes still flagged
# (FLAGGED), and a last line that starts with SUMMARY. Exit status: 0 (this is
# an instrument, not a gate); 2 on bad usage; 1 when conclint cannot be built.
#
# Environment: REALBUGS_DIR (cache), REALBUGS_TIMEOUT (seconds a conclint run
# may take, default 1800), GOTOOLCHAIN (default local).
set -u
set -o pipefail

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
bad() { echo "realbugs: $*" >&2; echo "run .ci/realbugs.sh -help for the flags" >&2; exit 2; }

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN= ONLY= ANALYZER= FIXED=0 CASES=$ROOT/testdata/realbugs/cases.tsv MAXPKGS=12
while [ $# -gt 0 ]; do
	case $1 in
	-bin | -only | -analyzer | -cases | -max-pkgs)
		[ $# -ge 2 ] && [ -n "$2" ] || bad "flag $1 needs a value"
		case $1 in
		-bin) BIN=$2 ;;
		-only) ONLY=$2 ;;
		-analyzer) ANALYZER=$2 ;;
		-cases) CASES=$2 ;;
		-max-pkgs) MAXPKGS=$2 ;;
		esac
		shift 2
		;;
	-fixed) FIXED=1; shift ;;
	-h | -help | --help) usage; exit 0 ;;
	*) bad "unknown flag or argument $1" ;;
	esac
done
case $MAXPKGS in '' | *[!0-9]* | 0) bad "-max-pkgs takes a positive number, not $MAXPKGS" ;; esac
[ -f "$CASES" ] || bad "no corpus file $CASES"
CASES=$(realpath "$CASES")
command -v python3 >/dev/null || { echo "realbugs: python3 is needed (.ci/run installs it)" >&2; exit 1; }
command -v go >/dev/null || { echo "realbugs: go is needed" >&2; exit 1; }

DIR=${REALBUGS_DIR:-${TMPDIR:-/tmp}/realbugs}
mkdir -p "$DIR" || bad "cannot create $DIR"
DIR=$(realpath "$DIR")
if [ -n "$BIN" ]; then
	[ -f "$BIN" ] && [ -x "$BIN" ] || bad "-bin $BIN is not an executable file"
	BIN=$(realpath "$BIN")
else
	BIN=$DIR/bin/conclint
	# -trimpath and no VCS stamp: the same source gives the same binary, and
	# so the same cache, wherever the repository is checked out.
	(cd "$ROOT" && go build -trimpath -buildvcs=false -o "$BIN" ./cmd/conclint) ||
		{ echo "realbugs: cannot build ./cmd/conclint" >&2; exit 1; }
fi

exec python3 - "$CASES" "$DIR" "$BIN" "$ONLY" "$ANALYZER" "$FIXED" "$MAXPKGS" "${REALBUGS_TIMEOUT:-1800}" <<'PY'
import hashlib, json, os, re, shutil, signal, subprocess, sys, time

CASES, DIR, BIN, ONLY, ANALYZER, FIXED, MAXPKGS, TIMEOUT = sys.argv[1:]
FIXED, MAXPKGS, TIMEOUT = FIXED == "1", int(MAXPKGS), int(TIMEOUT)
COLUMNS = ["id", "analyzer", "module", "bug_version", "fix_version", "package",
           "file", "line", "fix_line", "fix_kind", "link", "note"]
# The analyzers the corpus names, in the order the table lists them.
KNOWN = ["handlerblock", "httptimeout", "unboundedgo", "ctxpropagation",
         "perrequestclient", "goroutineleak", "lockblock"]
NEAR = 3  # a finding this many lines from the case's line counts


def out(*a):
    print(*a, flush=True)


def usage_error(msg):
    print("realbugs: " + msg, file=sys.stderr)
    sys.exit(2)


def sha(*parts):
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


# --- the corpus -------------------------------------------------------------

def read_cases(path):
    """Returns the cases (dicts with the columns, plus "row": the row's text)
    and the rows that are not cases, as (line number, reason)."""
    cases, bad, seen, header = [], [], set(), None
    for n, raw in enumerate(open(path, encoding="utf-8", errors="replace"), 1):
        text = raw.rstrip("\r\n")
        if not text.strip() or text.startswith("#"):
            continue
        cols = text.split("\t")
        if header is None:
            header = cols
            if cols != COLUMNS:
                usage_error(f"{path}:{n}: the header must be the columns {' '.join(COLUMNS)} separated by tabs")
            continue
        if len(cols) != len(COLUMNS):
            bad.append((n, f"{len(cols)} columns, not {len(COLUMNS)}"))
            continue
        c = dict(zip(COLUMNS, (x.strip() for x in cols)))
        c["row"], c["lineno"] = text, n
        why = []
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", c["id"]):
            why.append("id is not a slug")
        elif c["id"] in seen:
            why.append("id used before")
        for k in ("analyzer", "module", "bug_version", "fix_version", "package", "file"):
            if not c[k]:
                why.append(k + " is empty")
        if not c["line"].isdigit() or int(c["line"]) == 0:
            why.append("line is not a line number")
        if c["fix_line"] != "-" and (not c["fix_line"].isdigit() or int(c["fix_line"]) == 0):
            why.append("fix_line is neither a line number nor -")
        if c["package"] != c["module"] and not c["package"].startswith(c["module"] + "/"):
            why.append("package is not in module")
        if why:
            bad.append((n, f"{c['id'] or '?'}: " + "; ".join(why)))
            continue
        seen.add(c["id"])
        cases.append(c)
    if header is None:
        usage_error(f"{path}: no header line")
    return cases, bad


# --- running the go command ---------------------------------------------------

def goenv(mod=None):
    e = dict(os.environ)
    e["CGO_ENABLED"] = "0"
    e["GOWORK"] = "off"
    e.setdefault("GOTOOLCHAIN", "local")
    flags = [f for f in e.get("GOFLAGS", "").split() if not f.startswith("-mod=")]
    if mod:
        flags.append("-mod=" + mod)
    e["GOFLAGS"] = " ".join(flags)
    return e


def run(cmd, cwd, log, env, timeout=600):
    """Runs cmd in cwd, appending the command and its output to log.
    Returns (exit status or None on time-out, stdout)."""
    with open(log, "a") as lf:
        lf.write("$ " + " ".join(cmd) + "\n")
        lf.flush()
        p = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=lf, start_new_session=True)
        try:
            stdout, _ = p.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.communicate()
            lf.write(f"(killed after {timeout}s)\n")
            return None, b""
        return p.returncode, stdout


# --- fetching a module into a throwaway module --------------------------------

fetched = {}  # (module, version) -> (dir, state) or (None, reason)


def moddir_name(module, version):
    return re.sub(r"[^A-Za-z0-9._-]", "+", module) + "@" + version


def fetch(module, version, pkg):
    """Makes sure pkg of module@version is in a throwaway module. Returns
    (dir, state, None) or (None, None, reason with the log's path)."""
    key = (module, version)
    d = os.path.join(DIR, "mods", moddir_name(module, version))
    log = os.path.join(d, "get.log")
    statef = os.path.join(d, "state.json")
    if key in fetched and fetched[key][0] is None:
        return None, None, fetched[key][1]
    state = None
    if os.path.exists(statef):
        try:
            state = json.load(open(statef))
        except ValueError:
            state = None
    if state is None:
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        env = goenv()
        for attempt in ("all", "pkg"):
            for f in ("go.mod", "go.sum"):
                if os.path.exists(os.path.join(d, f)):
                    os.remove(os.path.join(d, f))
            rc, _ = run(["go", "mod", "init", "realbugs/throwaway"], d, log, env)
            target = f"{module}/...@{version}" if attempt == "all" else f"{pkg}@{version}"
            rc, _ = run(["go", "get", target], d, log, env) if rc == 0 else (rc, b"")
            if rc == 0:
                state = {"mode": attempt, "pkgs": [pkg]}
                break
        if state is None:
            reason = f"could not fetch {module}@{version} (log: {log})"
            fetched[key] = (None, reason)
            return None, None, reason
    elif state["mode"] == "pkg" and pkg not in state["pkgs"]:
        rc, _ = run(["go", "get", f"{pkg}@{version}"], d, log, goenv())
        if rc != 0:
            return None, None, f"could not fetch {pkg}@{version} (log: {log})"
        state["pkgs"].append(pkg)
    if "dir" not in state:
        rc, so = run(["go", "list", "-m", "-f", "{{.Dir}}", module], d, log, goenv("mod"))
        mdir = so.decode().strip()
        if rc != 0 or not mdir:
            reason = f"{module}@{version}: the module has no directory in the module cache (log: {log})"
            fetched[key] = (None, reason)
            return None, None, reason
        state["dir"] = mdir
    json.dump(state, open(statef, "w"))
    fetched[key] = (d, state)
    return d, state, None


LIST_FORMAT = ("{{.ImportPath}}\t{{if or .Error .DepsErrors}}broken{{end}}\t"
               "{{if .Module}}{{.Module.Path}}{{end}}\t{{join .Imports \" \"}}\t{{join .Deps \" \"}}")


def packages(d, state, module, pkg):
    """The packages to lint for pkg: pkg itself, then the packages of module
    that import it directly, then those that import it through others, at
    most MAXPKGS in all. Packages that do not load are left out. Returns
    (packages, importers found)."""
    cache = os.path.join(d, "pkgs-" + sha(pkg, str(MAXPKGS), state["mode"])[:16] + ".json")
    if os.path.exists(cache):
        try:
            got = json.load(open(cache))
            return got["pkgs"], got["importers"]
        except (ValueError, KeyError):
            pass
    log = os.path.join(d, "list.log")
    # A module fetched whole lists under -mod=mod; one fetched a package at a
    # time lists read-only, so that the listing does not go looking for
    # whatever the rest of the module imports.
    rc, so = run(["go", "list", "-e", "-f", LIST_FORMAT, module + "/..."], d, log,
                 goenv("mod" if state["mode"] == "all" else "readonly"))
    direct, indirect = [], []
    for ln in so.decode(errors="replace").splitlines():
        f = ln.split("\t")
        if len(f) != 5 or f[0] == pkg or f[1] or f[2] != module:
            continue
        if pkg in f[3].split():
            direct.append(f[0])
        elif pkg in f[4].split():
            indirect.append(f[0])
    importers = sorted(direct) + sorted(indirect)
    chosen = [pkg] + importers[:MAXPKGS - 1]
    json.dump({"pkgs": chosen, "importers": len(importers)}, open(cache, "w"))
    return chosen, len(importers)


# --- running conclint -----------------------------------------------------------

def binary_hash():
    h = hashlib.sha256()
    with open(BIN, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            h.update(b)
    return h.hexdigest()[:16]


def binary_analyzers():
    """The analyzers conclint's help lists under "Analyzers" (older
    binaries: "Registered analyzers"): the indented lines that follow."""
    p = subprocess.run([BIN, "help"], stdin=subprocess.DEVNULL, capture_output=True, text=True)
    names, inside = [], False
    for ln in (p.stdout + p.stderr).splitlines():
        if ln.startswith(("Registered analyzers", "Analyzers")):
            inside = True
        elif inside and ln.startswith("    ") and ln.split():
            names.append(ln.split()[0])
        elif inside and names and ln.strip() and not ln.startswith(" "):
            break
    return names


def parse_tree(raw):
    text = raw.decode(errors="replace")
    i = text.find("{")
    if i < 0:
        return None
    try:
        tree = json.loads(text[i:])
    except ValueError:
        return None
    return tree if isinstance(tree, dict) else None


def lint(d, module, version, pkgs):
    """Runs conclint on pkgs in d, or takes the stored run. Returns
    (tree, how, None) or (None, None, reason)."""
    rdir = os.path.join(DIR, "results", BINHASH)
    os.makedirs(rdir, exist_ok=True)
    tried = [pkgs] if len(pkgs) == 1 else [pkgs, pkgs[:1]]
    reason = None
    for ps in tried:
        key = sha(module + "@" + version, *ps)[:20]
        res, err = os.path.join(rdir, key + ".json"), os.path.join(rdir, key + ".err")
        if os.path.exists(res):
            tree = parse_tree(open(res, "rb").read())
            if tree is not None:
                return tree, "cached", None
        if os.path.exists(err):
            os.remove(err)
        start = time.time()
        rc, so = run([BIN, "-json", "-test=false", *ps], d, err, goenv("mod"), timeout=TIMEOUT)
        secs = time.time() - start
        tree = parse_tree(so) if rc is not None else None
        if tree is not None and (rc == 0 or tree):
            with open(res + ".tmp", "wb") as f:
                f.write(so)
            os.replace(res + ".tmp", res)
            return tree, f"ran {secs:.0f}s, {len(ps)} pkg{'s' if len(ps) > 1 else ''}", None
        what = "timed out" if rc is None else f"exit {rc}"
        reason = f"conclint {what} on {len(ps)} package{'s' if len(ps) > 1 else ''} of {module}@{version} (log: {err})"
    return None, None, reason


# --- matching findings to a case ---------------------------------------------------

CHAIN = re.compile(r"\bat ([\w.+-]+\.go):(\d+)\b")


def split_posn(posn):
    parts = posn.rsplit(":", 2)
    if len(parts) == 3 and parts[1].isdigit():
        return parts[0], int(parts[1])
    parts = posn.rsplit(":", 1)
    if len(parts) == 2 and parts[1].isdigit():
        return parts[0], int(parts[1])
    return posn, 0


def findings(tree):
    """Yields (analyzer, finding) for every finding, and
    ("error", {"analyzer":..., "package":..., "error":...}) for analyzer failures."""
    for pkg, by in sorted(tree.items()):
        if not isinstance(by, dict):
            continue
        for an, ds in sorted(by.items()):
            if isinstance(ds, dict):
                yield "error", {"analyzer": an, "package": pkg, "error": str(ds.get("error", ds))}
                continue
            for f in ds or []:
                if isinstance(f, dict) and "posn" in f:
                    yield an, f


def same_file(path, target):
    return path == target or os.path.realpath(path) == target


def match(f, target, base, line):
    """How f points at target:line, or None: "at" (its position), "chain"
    (the last "at file.go:N" of its message) or "related"."""
    p, n = split_posn(f["posn"])
    if same_file(p, target) and abs(n - line) <= NEAR:
        return "at"
    chain = CHAIN.findall(f.get("message", ""))
    if chain and chain[-1][0] == base and abs(int(chain[-1][1]) - line) <= NEAR:
        return "chain"
    for r in f.get("related") or []:
        if isinstance(r, dict) and "posn" in r:
            p, n = split_posn(r["posn"])
            if same_file(p, target) and abs(n - line) <= NEAR:
                return "related"
    return None


def check(tree, analyzer, mdir, file, line):
    """Returns (hits: [(how, finding)], in that file: [(analyzer, line, message)], errors)."""
    target = os.path.realpath(os.path.join(mdir, file))
    base = os.path.basename(file)
    hits, there, errors = [], [], []
    for an, f in findings(tree):
        if an == "error":
            if f["analyzer"] == analyzer:
                errors.append(f)
            continue
        if an == analyzer:
            how = match(f, target, base, line)
            if how:
                hits.append((how, f))
        p, n = split_posn(f["posn"])
        if same_file(p, target):
            there.append((an, n, f.get("message", "")))
    return hits, sorted(set(there)), errors


def short(msg, n=110):
    msg = " ".join(msg.split())
    return msg if len(msg) <= n else msg[:n - 3] + "..."


# --- the run ----------------------------------------------------------------------------

cases, badrows = read_cases(CASES)
if ONLY:
    want = [x for x in ONLY.split(",") if x]
    unknown = [x for x in want if x not in {c["id"] for c in cases}]
    if unknown:
        usage_error("no case with id " + ", ".join(unknown) + f" in {CASES}")
    cases = [c for c in cases if c["id"] in want]
if ANALYZER:
    cases = [c for c in cases if c["analyzer"] == ANALYZER]
    if not cases:
        usage_error(f"no case for analyzer {ANALYZER} in {CASES}" + (" among -only " + ONLY if ONLY else ""))

BINHASH = binary_hash()
HAVE = binary_analyzers()
if not HAVE:
    print(f"realbugs: {BIN} lists no analyzers under 'help': is it conclint?", file=sys.stderr)
    sys.exit(1)
out(f"realbugs: {len(cases)} case{'s' if len(cases) != 1 else ''} from {CASES}")
out(f"realbugs: conclint {BIN} (sha256 {BINHASH}; analyzers: {' '.join(HAVE)})")
out(f"realbugs: cache {DIR}" + ("; fixed versions too" if FIXED else ""))

order = KNOWN + sorted({c["analyzer"] for c in cases} - set(KNOWN))
stats = {a: dict(found=0, missed=0, noload=0, absent=0, fchecked=0, fflagged=0, fnoload=0) for a in order}
misses, noloads, absents, flagged = [], [], [], []


def evaluate(c, version, line):
    """Fetches, lints and matches one side of a case. Returns
    ("ok", hits, there, errors, how, npkgs) or ("noload", reason)."""
    d, state, reason = fetch(c["module"], version, c["package"])
    if d is None:
        return ("noload", reason)
    pkgs, nimp = packages(d, state, c["module"], c["package"])
    tree, how, reason = lint(d, c["module"], version, pkgs)
    if tree is None:
        return ("noload", reason)
    hits, there, errors = check(tree, c["analyzer"], state["dir"], c["file"], line)
    if not os.path.exists(os.path.join(state["dir"], c["file"])):
        errors.append({"analyzer": c["analyzer"], "package": c["package"],
                       "error": f"{c['file']} is not in {c['module']}@{version}"})
    return ("ok", hits, there, errors, how, f"{len(pkgs)}/{nimp + 1} pkgs")


for c in cases:
    a, s = c["analyzer"], stats[c["analyzer"]]
    where = f"{c['file']}:{c['line']}"
    if a not in HAVE:
        s["absent"] += 1
        absents.append(c)
        out(f"CASE {c['id']} {a} not-in-binary {where}")
        continue
    r = evaluate(c, c["bug_version"], int(c["line"]))
    if r[0] == "noload":
        s["noload"] += 1
        noloads.append((c, "bug " + c["bug_version"], r[1]))
        out(f"CASE {c['id']} {a} not-loaded {where}")
    else:
        _, hits, there, errors, how, npk = r
        if hits:
            s["found"] += 1
            kinds = ",".join(sorted({h for h, _ in hits}))
            out(f"CASE {c['id']} {a} found {where} ({kinds}; {how}; {npk})")
        else:
            s["missed"] += 1
            misses.append((c, there, errors))
            out(f"CASE {c['id']} {a} missed {where} ({how}; {npk})")
    if not FIXED:
        continue
    if c["fix_line"] == "-":
        out(f"FIXED {c['id']} {a} deleted {c['file']}")
        continue
    fwhere = f"{c['file']}:{c['fix_line']}"
    r = evaluate(c, c["fix_version"], int(c["fix_line"]))
    if r[0] == "noload":
        s["fnoload"] += 1
        noloads.append((c, "fix " + c["fix_version"], r[1]))
        out(f"FIXED {c['id']} {a} not-loaded {fwhere}")
        continue
    _, hits, _, _, how, npk = r
    s["fchecked"] += 1
    if hits:
        s["fflagged"] += 1
        flagged.append((c, hits))
        out(f"FIXED {c['id']} {a} flagged {fwhere} ({how}; {npk})")
    else:
        out(f"FIXED {c['id']} {a} clean {fwhere} ({how}; {npk})")

out("")
cols = ["found", "cases", "missed", "not-loaded", "not-in-binary"]
if FIXED:
    cols += ["fixed-checked", "fixed-flagged", "fixed-not-loaded"]
out(f"{'analyzer':<18}" + "".join(f" {x:>16}" for x in cols))
total = dict.fromkeys(stats[order[0]], 0)


def row(name, s):
    vals = [s["found"], s["found"] + s["missed"], s["missed"], s["noload"], s["absent"]]
    if FIXED:
        vals += [s["fchecked"], s["fflagged"], s["fnoload"]]
    out(f"{name:<18}" + "".join(f" {v:>16}" for v in vals))


for an in order:
    s = stats[an]
    if not any(s.values()) and an not in {c["analyzer"] for c in cases}:
        continue
    row(an, s)
    for k in total:
        total[k] += s[k]
row("total", total)

if misses:
    out("")
    out(f"misses ({len(misses)}): nothing of the analyzer within {NEAR} lines; what the file has instead")
    for c, there, errors in misses:
        out(f"MISS {c['id']} {c['analyzer']} {c['file']}:{c['line']} {c['link']}")
        if not there:
            out("    nothing reported in this file")
        for an, n, msg in there:
            out(f"    {an} {c['file']}:{n}: {short(msg)}")
        for e in errors:
            out(f"    analyzer error in {e['package']}: {short(e['error'])}")
if noloads:
    out("")
    out(f"could not load ({len(noloads)}): not counted as misses")
    for c, side, reason in noloads:
        out(f"NOLOAD {c['id']} {side}: {reason}")
if absents:
    out("")
    out(f"analyzer not in this binary ({len(absents)}): not counted as misses")
    for c in absents:
        out(f"ABSENT {c['id']} {c['analyzer']} {c['file']}:{c['line']}")
if FIXED and flagged:
    out("")
    out(f"fixed versions still flagged ({len(flagged)}): findings within {NEAR} lines of fix_line")
    for c, hits in flagged:
        for how, f in hits:
            p, n = split_posn(f["posn"])
            out(f"FLAGGED {c['id']} {c['analyzer']} {c['file']}:{n} ({how}): {short(f.get('message', ''))}")
if badrows:
    out("")
    out(f"rows that are not cases ({len(badrows)}):")
    for n, why in badrows:
        out(f"BADROW {CASES}:{n}: {why}")
out("")
summary = (f"SUMMARY found={total['found']} cases={total['found'] + total['missed']} missed={total['missed']} "
           f"not_loaded={total['noload']} not_in_binary={total['absent']} bad_rows={len(badrows)}")
if FIXED:
    summary += f" fixed_checked={total['fchecked']} fixed_flagged={total['fflagged']} fixed_not_loaded={total['fnoload']}"
out(summary + f" binary={BINHASH}")
PY
