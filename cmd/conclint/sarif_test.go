package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/conclint/conclint/analyzers"
)

// SARIF 2.1.0, as its JSON schema (sarif-schema-2.1.0.json, OASIS) states
// it, for the objects conclint writes: each object's properties (the schema
// allows no others), which are required, and their types, formats, enums and
// minimums. Properties conclint never writes are listed as "any" so that the
// check still rejects unknown names. Types: string, boolean, int>=N, uri
// (absolute), uri-reference, enum:a|b, object:NAME, array:NAME or
// array+:NAME (minItems 1), any.
var sarifSchema = map[string]struct {
	props    map[string]string
	required []string
}{
	"sarifLog": {map[string]string{
		"$schema": "uri", "version": "enum:2.1.0", "runs": "array:run",
		"inlineExternalProperties": "any", "properties": "any",
	}, []string{"version", "runs"}},
	"run": {map[string]string{
		"tool": "object:tool", "invocations": "array:invocation", "results": "array:result",
		"conversion": "any", "language": "string", "versionControlProvenance": "any",
		"originalUriBaseIds": "any", "artifacts": "any", "logicalLocations": "any", "graphs": "any",
		"automationDetails": "any", "runAggregates": "any", "baselineGuid": "any", "redactionTokens": "any",
		"defaultEncoding": "string", "defaultSourceLanguage": "string", "newlineSequences": "any",
		"columnKind": "enum:utf16CodeUnits|unicodeCodePoints", "externalPropertyFileReferences": "any",
		"threadFlowLocations": "any", "taxonomies": "any", "addresses": "any", "translations": "any",
		"policies": "any", "webRequests": "any", "webResponses": "any", "specialLocations": "any",
		"properties": "any",
	}, []string{"tool"}},
	"tool": {map[string]string{
		"driver": "object:toolComponent", "extensions": "any", "properties": "any",
	}, []string{"driver"}},
	"toolComponent": {map[string]string{
		"name": "string", "version": "string", "semanticVersion": "string", "informationUri": "uri",
		"rules": "array:reportingDescriptor", "guid": "any", "organization": "string", "product": "string",
		"productSuite": "string", "shortDescription": "object:multiformatMessageString",
		"fullDescription": "object:multiformatMessageString", "fullName": "string",
		"dottedQuadFileVersion": "any", "releaseDateUtc": "string", "downloadUri": "uri",
		"globalMessageStrings": "any", "notifications": "any", "taxa": "any", "locations": "any",
		"language": "string", "contents": "any", "isComprehensive": "boolean",
		"localizedDataSemanticVersion": "string", "minimumRequiredLocalizedDataSemanticVersion": "string",
		"associatedComponent": "any", "translationMetadata": "any", "supportedTaxonomies": "any",
		"properties": "any",
	}, []string{"name"}},
	"reportingDescriptor": {map[string]string{
		"id": "string", "name": "string", "shortDescription": "object:multiformatMessageString",
		"fullDescription": "object:multiformatMessageString", "help": "object:multiformatMessageString",
		"helpUri": "uri", "defaultConfiguration": "object:reportingConfiguration",
		"deprecatedIds": "any", "guid": "any", "deprecatedGuids": "any", "deprecatedNames": "any",
		"messageStrings": "any", "relationships": "any", "properties": "any",
	}, []string{"id"}},
	"multiformatMessageString": {map[string]string{
		"text": "string", "markdown": "string", "properties": "any",
	}, []string{"text"}},
	"reportingConfiguration": {map[string]string{
		"enabled": "boolean", "level": "enum:none|note|warning|error", "rank": "any",
		"parameters": "any", "properties": "any",
	}, nil},
	"invocation": {map[string]string{
		"commandLine": "string", "arguments": "array:string", "workingDirectory": "object:artifactLocation",
		"executionSuccessful": "boolean", "responseFiles": "any", "startTimeUtc": "string",
		"endTimeUtc": "string", "exitCode": "any", "ruleConfigurationOverrides": "any",
		"notificationConfigurationOverrides": "any", "toolExecutionNotifications": "any",
		"toolConfigurationNotifications": "any", "exitCodeDescription": "string", "exitSignalName": "string",
		"exitSignalNumber": "any", "processStartFailureMessage": "string", "machine": "string",
		"account": "string", "processId": "any", "executableLocation": "object:artifactLocation",
		"environmentVariables": "any", "stdin": "any", "stdout": "any", "stderr": "any",
		"stdoutStderr": "any", "properties": "any",
	}, []string{"executionSuccessful"}},
	"artifactLocation": {map[string]string{
		"uri": "uri-reference", "uriBaseId": "string", "index": "int>=-1", "description": "object:message",
		"properties": "any",
	}, nil},
	"result": {map[string]string{
		"ruleId": "string", "ruleIndex": "int>=-1", "rule": "any",
		"kind":  "enum:notApplicable|pass|fail|review|open|informational",
		"level": "enum:none|note|warning|error", "message": "object:message",
		"locations": "array:location", "relatedLocations": "array:location",
		"suppressions": "array:suppression", "fixes": "array:fix", "analysisTarget": "object:artifactLocation",
		"guid": "any", "correlationGuid": "any", "occurrenceCount": "any", "partialFingerprints": "any",
		"fingerprints": "any", "stacks": "any", "codeFlows": "any", "graphs": "any", "graphTraversals": "any",
		"baselineState": "any", "rank": "any", "attachments": "any", "hostedViewerUri": "uri",
		"workItemUris": "any", "provenance": "any", "taxa": "any", "webRequest": "any",
		"webResponse": "any", "properties": "any",
	}, []string{"message"}},
	"message": {map[string]string{
		"text": "string", "markdown": "string", "id": "string", "arguments": "array:string", "properties": "any",
	}, nil}, // anyOf: text or id, checked below
	"location": {map[string]string{
		"id": "int>=-1", "physicalLocation": "object:physicalLocation", "message": "object:message",
		"logicalLocations": "any", "annotations": "any", "relationships": "any", "properties": "any",
	}, nil},
	"physicalLocation": {map[string]string{
		"artifactLocation": "object:artifactLocation", "region": "object:region",
		"contextRegion": "object:region", "address": "any", "properties": "any",
	}, nil}, // anyOf: address or artifactLocation, checked below
	"region": {map[string]string{
		"startLine": "int>=1", "startColumn": "int>=1", "endLine": "int>=1", "endColumn": "int>=1",
		"charOffset": "int>=-1", "charLength": "int>=0", "byteOffset": "int>=-1", "byteLength": "int>=0",
		"snippet": "any", "message": "object:message", "sourceLanguage": "string", "properties": "any",
	}, nil},
	"suppression": {map[string]string{
		"kind": "enum:inSource|external", "status": "enum:accepted|underReview|rejected",
		"justification": "string", "guid": "any", "location": "object:location", "properties": "any",
	}, []string{"kind"}},
	"fix": {map[string]string{
		"description": "object:message", "artifactChanges": "array+:artifactChange", "properties": "any",
	}, []string{"artifactChanges"}},
	"artifactChange": {map[string]string{
		"artifactLocation": "object:artifactLocation", "replacements": "array+:replacement", "properties": "any",
	}, []string{"artifactLocation", "replacements"}},
	"replacement": {map[string]string{
		"deletedRegion": "object:region", "insertedContent": "object:artifactContent", "properties": "any",
	}, []string{"deletedRegion"}},
	"artifactContent": {map[string]string{
		"text": "string", "binary": "string", "rendered": "any", "properties": "any",
	}, nil},
}

// checkSARIF validates a SARIF log against sarifSchema, plus what code
// scanning relies on: every result's ruleId names a rule of the driver, has
// a location, and its regions do not end before they start. It returns all
// violations, each with its JSON path.
func checkSARIF(data []byte) []string {
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		return []string{"not JSON: " + err.Error()}
	}
	var errs []string
	bad := func(path, format string, args ...any) {
		errs = append(errs, path+": "+fmt.Sprintf(format, args...))
	}
	var object func(path, kind string, v any)
	var value func(path, typ string, v any)
	object = func(path, kind string, v any) {
		obj, ok := v.(map[string]any)
		if !ok {
			bad(path, "want a %s object, got %T", kind, v)
			return
		}
		s := sarifSchema[kind]
		for _, r := range s.required {
			if _, ok := obj[r]; !ok {
				bad(path, "%s lacks required property %q", kind, r)
			}
		}
		for k, pv := range obj {
			typ, ok := s.props[k]
			if !ok {
				bad(path, "%s has no property %q", kind, k)
				continue
			}
			value(path+"."+k, typ, pv)
		}
		switch kind {
		case "message":
			if obj["text"] == nil && obj["id"] == nil {
				bad(path, "message needs text or id")
			}
		case "physicalLocation":
			if obj["artifactLocation"] == nil && obj["address"] == nil {
				bad(path, "physicalLocation needs artifactLocation or address")
			}
		case "region":
			sl, _ := obj["startLine"].(float64)
			el, hasEnd := obj["endLine"].(float64)
			sc, _ := obj["startColumn"].(float64)
			ec, hasEndCol := obj["endColumn"].(float64)
			if hasEnd && el < sl {
				bad(path, "endLine %v before startLine %v", el, sl)
			}
			if hasEndCol && (!hasEnd || el == sl) && ec < sc {
				bad(path, "endColumn %v before startColumn %v", ec, sc)
			}
		}
	}
	value = func(path, typ string, v any) {
		kind, arg, _ := strings.Cut(typ, ":")
		switch kind {
		case "any":
		case "string":
			if _, ok := v.(string); !ok {
				bad(path, "want a string, got %T", v)
			}
		case "boolean":
			if _, ok := v.(bool); !ok {
				bad(path, "want a boolean, got %T", v)
			}
		case "uri", "uri-reference":
			s, ok := v.(string)
			u, err := url.Parse(s)
			switch {
			case !ok:
				bad(path, "want a URI string, got %T", v)
			case err != nil:
				bad(path, "not a URI: %v", err)
			case kind == "uri" && !u.IsAbs():
				bad(path, "want an absolute URI, got %q", s)
			}
		case "enum":
			s, _ := v.(string)
			if !slices.Contains(strings.Split(arg, "|"), s) {
				bad(path, "%v is not one of %s", v, arg)
			}
		case "object":
			object(path, arg, v)
		case "array", "array+":
			list, ok := v.([]any)
			if !ok {
				bad(path, "want an array, got %T", v)
				return
			}
			if kind == "array+" && len(list) == 0 {
				bad(path, "want at least one item")
			}
			for i, e := range list {
				if arg == "string" {
					value(fmt.Sprintf("%s[%d]", path, i), "string", e)
				} else {
					object(fmt.Sprintf("%s[%d]", path, i), arg, e)
				}
			}
		default:
			var min float64
			if _, err := fmt.Sscanf(typ, "int>=%g", &min); err != nil {
				panic("bad type in sarifSchema: " + typ)
			}
			n, ok := v.(float64)
			if !ok || n != float64(int64(n)) || n < min {
				bad(path, "want an integer >= %v, got %v", min, v)
			}
		}
	}
	object("$", "sarifLog", doc)
	if len(errs) > 0 {
		return errs
	}

	// Beyond the schema: what code scanning needs to show a result.
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct{ Rules []struct{ ID string } }
			}
			Results []struct {
				RuleID    string
				Locations []any
			}
		}
	}
	if err := json.Unmarshal(data, &log); err != nil {
		return []string{err.Error()}
	}
	for i, run := range log.Runs {
		var ids []string
		for _, r := range run.Tool.Driver.Rules {
			ids = append(ids, r.ID)
		}
		for j, r := range run.Results {
			path := fmt.Sprintf("$.runs[%d].results[%d]", i, j)
			if !slices.Contains(ids, r.RuleID) {
				bad(path, "ruleId %q names no rule of the driver", r.RuleID)
			}
			if len(r.Locations) == 0 {
				bad(path, "no location")
			}
		}
	}
	return errs
}

// TestCheckSARIF makes sure the checker rejects what the schema rejects.
func TestCheckSARIF(t *testing.T) {
	const good = `{"version":"2.1.0","$schema":"https://json.schemastore.org/sarif-2.1.0.json","runs":[{
		"tool":{"driver":{"name":"x","rules":[{"id":"r","shortDescription":{"text":"t"}}]}},
		"results":[{"ruleId":"r","kind":"fail","level":"warning","message":{"text":"m"},
			"locations":[{"physicalLocation":{"artifactLocation":{"uri":"a/b.go","uriBaseId":"%SRCROOT%"},"region":{"startLine":3,"startColumn":2}}}],
			"suppressions":[]}],
		"invocations":[{"executionSuccessful":true}]}]}`
	require.Empty(t, checkSARIF([]byte(good)))
	for _, tc := range []struct{ from, to, want string }{
		{`"version":"2.1.0"`, `"version":"2.0.0"`, "is not one of 2.1.0"},
		{`"name":"x",`, ``, `lacks required property "name"`},
		{`"suppressions":[]`, `"suppressions":null`, "want an array"},
		{`"startLine":3`, `"startLine":0`, "want an integer >= 1"},
		{`"startColumn":2`, `"startColumn":2,"endLine":2`, "endLine 2 before startLine 3"},
		{`"level":"warning"`, `"level":"warn"`, "is not one of"},
		{`"message":{"text":"m"}`, `"message":{}`, "message needs text or id"},
		{`"kind":"fail",`, `"kind":"fail","severity":"high",`, `result has no property "severity"`},
		{`"ruleId":"r"`, `"ruleId":"q"`, `ruleId "q" names no rule`},
		{`"$schema":"https://json.schemastore.org/sarif-2.1.0.json"`, `"$schema":"sarif.json"`, "want an absolute URI"},
		{`"invocations":[{"executionSuccessful":true}]`, `"invocations":[{}]`, `lacks required property "executionSuccessful"`},
	} {
		bad := strings.Replace(good, tc.from, tc.to, 1)
		require.NotEqual(t, good, bad, tc.from)
		errs := checkSARIF([]byte(bad))
		assert.True(t, slices.ContainsFunc(errs, func(e string) bool { return strings.Contains(e, tc.want) }),
			"%s -> %s: want an error containing %q, got %q", tc.from, tc.to, tc.want, errs)
	}
}

func TestSARIFArgs(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string // nil: not SARIF
	}{
		{[]string{"./..."}, nil},
		{[]string{"-json", "./..."}, nil},
		{[]string{"-sarif", "./..."}, []string{"./..."}},
		{[]string{"--sarif", "-test=false", "./..."}, []string{"-test=false", "./..."}},
		{[]string{"-sarif=true", "-json", "-httptimeout", "./a", "./b"}, []string{"-httptimeout", "./a", "./b"}},
		{[]string{"-sarif=false", "./..."}, nil},
		{[]string{"-sarif", "-sarif=0", "./..."}, nil},
		{[]string{"-sarif=maybe", "./..."}, nil}, // left to the flag package, which rejects it
		{[]string{"-sarif", "help"}, nil},
		{[]string{"./...", "-sarif"}, []string{"./..."}},
		{[]string{"-tags", "x", "-sarif", "--", "-sarif"}, []string{"-tags", "x", "--", "-sarif"}},
	} {
		got, ok := sarifArgs(tc.args)
		if tc.want == nil {
			assert.False(t, ok, "%q", tc.args)
			assert.Equal(t, tc.args, got, "%q", tc.args)
		} else {
			assert.True(t, ok, "%q", tc.args)
			assert.Equal(t, tc.want, got, "%q", tc.args)
		}
	}
}

// TestToSARIF converts a hand-written -json tree: fixes' byte offsets become
// lines and columns, a package's test variant does not repeat a finding, an
// analyzer's failure marks the run unsuccessful, paths outside the working
// directory become file URIs.
func TestToSARIF(t *testing.T) {
	dir := t.TempDir()
	src := "package p\n\nfunc f() {\n\tg()\n}\n"
	file := filepath.Join(dir, "sub dir", "p.go")
	require.NoError(t, os.MkdirAll(filepath.Dir(file), 0o755))
	require.NoError(t, os.WriteFile(file, []byte(src), 0o644))
	offset := strings.Index(src, "g()")
	outside := filepath.Join(t.TempDir(), "q.go")

	diag := map[string]any{
		"posn": fmt.Sprintf("%s:4:2", file), "end": fmt.Sprintf("%s:4:5", file), "message": "g blocks",
		"suggested_fixes": []any{map[string]any{"message": "call h", "edits": []any{
			map[string]any{"filename": file, "start": offset, "end": offset + 1, "new": "h"},
		}}},
		"related": []any{map[string]any{"posn": outside + ":7:1", "end": outside + ":7:1", "message": "g is here"}},
	}
	tree := map[string]any{
		"example.com/p":                      map[string]any{"httptimeout": []any{diag}, "ctxpropagation": map[string]any{"error": "boom"}},
		"example.com/p [example.com/p.test]": map[string]any{"httptimeout": []any{diag}},
	}
	data, err := json.Marshal(tree)
	require.NoError(t, err)

	log, failures, err := toSARIF(data, analyzers.All, dir, []string{"-sarif", "./..."})
	require.NoError(t, err)
	assert.Equal(t, []string{"ctxpropagation failed on example.com/p: boom"}, failures)
	out, err := json.Marshal(log)
	require.NoError(t, err)
	require.Empty(t, checkSARIF(out), "%s", out)

	run := log.Runs[0]
	assert.False(t, run.Invocations[0].ExecutionSuccessful)
	require.Len(t, run.Results, 1, "the test variant's copy is dropped")
	r := run.Results[0]
	assert.Equal(t, "httptimeout", r.RuleID)
	assert.Equal(t, "g blocks", r.Message.Text)
	loc := r.Locations[0].PhysicalLocation
	assert.Equal(t, "sub%20dir/p.go", loc.ArtifactLocation.URI)
	assert.Equal(t, "%SRCROOT%", loc.ArtifactLocation.URIBaseID)
	assert.Equal(t, []int{4, 2, 4, 5}, []int{loc.Region.StartLine, loc.Region.StartColumn, loc.Region.EndLine, loc.Region.EndColumn})
	require.Len(t, r.Fixes, 1)
	rep := r.Fixes[0].ArtifactChanges[0].Replacements[0]
	assert.Equal(t, []int{4, 2, 4, 3}, []int{rep.DeletedRegion.StartLine, rep.DeletedRegion.StartColumn, rep.DeletedRegion.EndLine, rep.DeletedRegion.EndColumn})
	assert.Equal(t, "h", rep.InsertedContent.Text)
	require.Len(t, r.RelatedLocations, 1)
	assert.Equal(t, "file://"+filepath.ToSlash(outside), r.RelatedLocations[0].PhysicalLocation.ArtifactLocation.URI)

	var names []string
	for _, rule := range run.Tool.Driver.Rules {
		names = append(names, rule.ID)
		assert.NotEmpty(t, rule.ShortDescription.Text)
		assert.NotContains(t, rule.ShortDescription.Text, rule.ID+":", "the title without the analyzer's name")
	}
	for _, a := range analyzers.All {
		assert.Contains(t, names, a.Name, "every analyzer of the suite is a rule")
	}

	// No findings: "results" is an empty list, not null.
	log, _, err = toSARIF([]byte("{}"), analyzers.All, dir, nil)
	require.NoError(t, err)
	out, err = json.Marshal(log)
	require.NoError(t, err)
	require.Empty(t, checkSARIF(out))
	assert.Contains(t, string(out), `"results":[]`)
}

// conclintBinary builds this command for the end-to-end test.
func conclintBinary(t *testing.T) string {
	bin := filepath.Join(t.TempDir(), "conclint")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
	return bin
}

func runIn(t *testing.T, dir, bin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return o.String(), e.String(), code
}

// TestSARIFEndToEnd runs conclint -sarif on the example module: the log is
// valid SARIF 2.1.0 and holds exactly the findings of conclint -json.
func TestSARIFEndToEnd(t *testing.T) {
	bin := conclintBinary(t)
	example, err := filepath.Abs("../../testdata/example")
	require.NoError(t, err)

	out, stderr, code := runIn(t, example, bin, "-sarif", "./...")
	require.Equal(t, 0, code, "stderr: %s", stderr)
	require.Empty(t, checkSARIF([]byte(out)), "%s", out)

	var log struct {
		Runs []struct {
			Results []struct {
				RuleID  string
				Message struct{ Text string }
				Fixes   []any
			}
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &log))
	var got []string
	fixes := 0
	for _, r := range log.Runs[0].Results {
		got = append(got, r.RuleID+": "+r.Message.Text)
		fixes += len(r.Fixes)
	}
	slices.Sort(got)

	jsonOut, stderr, code := runIn(t, example, bin, "-json", "./...")
	require.Equal(t, 0, code, "stderr: %s", stderr)
	var tree map[string]map[string][]struct{ Posn, Message string }
	require.NoError(t, json.Unmarshal([]byte(jsonOut), &tree))
	var want []string
	seen := map[string]bool{}
	for _, byAnalyzer := range tree {
		for name, diags := range byAnalyzer {
			for _, d := range diags {
				if !seen[name+d.Posn+d.Message] {
					seen[name+d.Posn+d.Message] = true
					want = append(want, name+": "+d.Message)
				}
			}
		}
	}
	slices.Sort(want)
	require.NotEmpty(t, want, "the example has findings")
	assert.Equal(t, want, got)
	assert.Positive(t, fixes, "httptimeout's suggested fixes are carried over")

	// A run that fails (a pattern matching nothing) prints no log and
	// exits non-zero, with the reason on stderr.
	out, stderr, code = runIn(t, example, bin, "-sarif", "./no/such/dir/...")
	assert.NotEqual(t, 0, code)
	assert.Empty(t, out)
	assert.Contains(t, stderr, "no/such/dir")

	// The flag is listed by "conclint help".
	out, _, _ = runIn(t, example, bin, "help")
	assert.Contains(t, out, "-sarif")
}
