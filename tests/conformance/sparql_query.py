#!/usr/bin/python3
"""W3C SPARQL 1.1 query evaluation tests through `fundament query` (TAP).

Reads $FUNDAMENT_SHARED/w3c/sparql11/manifest-sparql11-query.ttl and the
manifests it includes (plus csv-tsv-res and json-res; syntax-query belongs to
the parser's suite), runs every mf:QueryEvaluationTest / CSVResultFormatTest
as `fundament query --adhoc --data D... --named G... --results FMT @query.rq`
and compares with the expected results: result sets as multisets with blank
nodes mapped consistently (in order when the query has ORDER BY), graphs as
isomorphic graphs (rdflib). Failing tests are reported `not ok ... # TODO`
so that the build stays green while the engine grows; the last line is the
summary `# sparql11 query: N passed, M failed, K skipped`.
"""
import csv
import decimal
import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from urllib.parse import urljoin, unquote

try:
    import rdflib
    from rdflib.compare import isomorphic
except ImportError:  # pragma: no cover
    rdflib = None

MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
QT = "http://www.w3.org/2001/sw/DataAccess/tests/test-query#"
RS = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SRX = "{http://www.w3.org/2005/sparql-results#}"
EXTRA = ["csv-tsv-res/manifest.ttl", "json-res/manifest.ttl"]
SKIP_DIRS = {"syntax-query", "entailment", "service"}
TIMEOUT = 30


def fundament_cmd():
    return [os.environ.get("FUNDAMENT", "fundament"), "query"]


def path_of(uri):
    return unquote(str(uri)[len("file://"):]) if str(uri).startswith("file://") else str(uri)


def rdf_list(g, head):
    out = []
    while head and head != rdflib.RDF.nil:
        out.append(g.value(head, rdflib.RDF.first))
        head = g.value(head, rdflib.RDF.rest)
    return out


def load_tests(root):
    tests = []
    top = os.path.join(root, "manifest-sparql11-query.ttl")
    g = rdflib.Graph()
    g.parse(top, format="turtle", publicID="file://" + top)
    manifests = []
    for m in g.subjects(rdflib.RDF.type, rdflib.URIRef(MF + "Manifest")):
        for inc in g.objects(m, rdflib.URIRef(MF + "include")):
            manifests += [path_of(x) for x in rdf_list(g, inc)]
    for e in EXTRA:
        p = os.path.join(root, e)
        if p not in manifests and os.path.exists(p):
            manifests.append(p)
    for mpath in manifests:
        d = os.path.basename(os.path.dirname(mpath))
        if d in SKIP_DIRS:
            continue
        mg = rdflib.Graph()
        mg.parse(mpath, format="turtle", publicID="file://" + mpath)
        entries = []
        for m in mg.subjects(rdflib.RDF.type, rdflib.URIRef(MF + "Manifest")):
            for lst in mg.objects(m, rdflib.URIRef(MF + "entries")):
                entries += rdf_list(mg, lst)
        for t in entries:
            kind = mg.value(t, rdflib.RDF.type)
            kind = str(kind).split("#")[-1] if kind else ""
            name = str(mg.value(t, rdflib.URIRef(MF + "name")) or t)
            action = mg.value(t, rdflib.URIRef(MF + "action"))
            result = mg.value(t, rdflib.URIRef(MF + "result"))
            test = {"id": d + "/" + str(t).split("#")[-1], "name": name, "kind": kind}
            if kind not in ("QueryEvaluationTest", "CSVResultFormatTest"):
                test["skip"] = "not an evaluation test (%s)" % kind
                tests.append(test)
                continue
            test["query"] = path_of(mg.value(action, rdflib.URIRef(QT + "query")))
            test["data"] = [path_of(x) for x in mg.objects(action, rdflib.URIRef(QT + "data"))]
            test["named"] = [path_of(x) for x in
                             mg.objects(action, rdflib.URIRef(QT + "graphData"))]
            test["result"] = path_of(result) if result else None
            if mg.value(action, rdflib.URIRef(QT + "serviceData")) is not None:
                test["skip"] = "SERVICE"
            elif list(mg.objects(t, rdflib.URIRef(MF + "requires"))):
                test["skip"] = "requires an extension"
            tests.append(test)
    return tests


# ---- terms: ('uri', v) ('bnode', label) ('lit', lex, lang, datatype) ----

def lit(lex, lang=None, dt=None):
    if dt == XSD + "string":
        dt = None
    # numbers of one datatype compare by value ("3"^^xsd:decimal = "3.0")
    try:
        if dt in (XSD + "double", XSD + "float"):
            lex = repr(float(lex))
        elif dt == XSD + "decimal":
            d = decimal.Decimal(lex)
            lex = "0" if d == 0 else str(d.normalize())
        elif dt == XSD + "integer":
            lex = str(int(lex))
    except (ValueError, decimal.InvalidOperation):
        pass
    return ("lit", lex, lang.lower() if lang else None, dt)


def parse_srx(path):
    tree = ET.parse(path)
    root = tree.getroot()
    b = root.find(SRX + "boolean")
    if b is not None:
        return {"boolean": b.text.strip() == "true"}
    head = [v.get("name") for v in root.find(SRX + "head").findall(SRX + "variable")]
    rows = []
    base = "file://" + path
    for r in root.find(SRX + "results").findall(SRX + "result"):
        row = {}
        for bnd in r.findall(SRX + "binding"):
            n = bnd.get("name")
            el = list(bnd)[0]
            tag = el.tag.replace(SRX, "")
            text = el.text or ""
            if tag == "uri":
                row[n] = ("uri", urljoin(base, text))
            elif tag == "bnode":
                row[n] = ("bnode", text)
            else:
                row[n] = lit(text, el.get("{http://www.w3.org/XML/1998/namespace}lang"),
                             el.get("datatype"))
        rows.append(row)
    return {"vars": head, "rows": rows}


def parse_srj(path, text=None):
    j = json.loads(text if text is not None else open(path, encoding="utf-8").read())
    if "boolean" in j:
        return {"boolean": bool(j["boolean"])}
    rows = []
    for b in j["results"]["bindings"]:
        row = {}
        for n, v in b.items():
            t = v["type"]
            if t == "uri":
                row[n] = ("uri", v["value"])
            elif t == "bnode":
                row[n] = ("bnode", v["value"])
            else:
                row[n] = lit(v["value"], v.get("xml:lang"), v.get("datatype"))
        rows.append(row)
    return {"vars": j["head"].get("vars", []), "rows": rows}


TSV_TERM = re.compile(r'^"(.*)"(?:@([A-Za-z0-9-]+)|\^\^<([^>]*)>)?$', re.S)


def tsv_term(s):
    if s == "":
        return None
    if s.startswith("<") and s.endswith(">"):
        return ("uri", s[1:-1])
    if s.startswith("_:"):
        return ("bnode", s[2:])
    m = TSV_TERM.match(s)
    if m:
        lex = re.sub(r'\\(.)', lambda x: {"t": "\t", "n": "\n", "r": "\r"}.get(x.group(1),
                                                                           x.group(1)), m.group(1))
        return lit(lex, m.group(2), m.group(3))
    if re.match(r"^[+-]?\d+$", s):
        return lit(s, None, XSD + "integer")
    if re.match(r"^[+-]?\d*\.\d+$", s):
        return lit(s, None, XSD + "decimal")
    return lit(s, None, XSD + "double")


def parse_tsv(text):
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    head = [h[1:] for h in lines[0].split("\t")] if lines and lines[0] else []
    rows = []
    for ln in lines[1:]:
        cells = ln.split("\t")
        row = {}
        for n, c in zip(head, cells):
            t = tsv_term(c)
            if t:
                row[n] = t
        rows.append(row)
    return {"vars": head, "rows": rows}


def parse_csv(text):
    r = list(csv.reader(io.StringIO(text, newline="")))
    head = r[0] if r else []
    rows = []
    for cells in r[1:]:
        row = {}
        for n, c in zip(head, cells):
            if c != "":
                row[n] = ("bnode", c[2:]) if c.startswith("_:") else ("csv", c)
        rows.append(row)
    return {"vars": head, "rows": rows}


def csv_plain(res):
    """CSV loses term kinds: compare the lexical values only."""
    rows = []
    for row in res["rows"]:
        rows.append({k: v if v[0] == "bnode" else ("csv", v[1]) for k, v in row.items()})
    return {"vars": res["vars"], "rows": rows}


def parse_rdf_results(path):
    """Result set written in RDF (rs: vocabulary), or None if it is a graph."""
    g = rdflib.Graph()
    g.parse(path, format="turtle" if path.endswith(".ttl") else "xml",
            publicID="file://" + path)
    rs = list(g.subjects(rdflib.RDF.type, rdflib.URIRef(RS + "ResultSet")))
    if not rs:
        return None, g
    rs = rs[0]
    b = g.value(rs, rdflib.URIRef(RS + "boolean"))
    if b is not None:
        return {"boolean": bool(b.toPython())}, g
    head = [str(v) for v in g.objects(rs, rdflib.URIRef(RS + "resultVariable"))]
    rows = []
    for sol in g.objects(rs, rdflib.URIRef(RS + "solution")):
        row = {}
        for bnd in g.objects(sol, rdflib.URIRef(RS + "binding")):
            n = str(g.value(bnd, rdflib.URIRef(RS + "variable")))
            row[n] = node_term(g.value(bnd, rdflib.URIRef(RS + "value")))
        rows.append(row)
    return {"vars": head, "rows": rows}, g


def node_term(n):
    if isinstance(n, rdflib.BNode):
        return ("bnode", str(n))
    if isinstance(n, rdflib.URIRef):
        return ("uri", str(n))
    return lit(str(n), n.language, str(n.datatype) if n.datatype else None)


# ---- comparison ----

def norm_lit(t):
    return t


def rows_match(exp, got, ordered):
    if len(exp) != len(got):
        return False
    has_b = any(v[0] == "bnode" for r in exp + got for v in r.values())
    if not has_b:
        if ordered:
            return [sorted(r.items()) for r in exp] == [sorted(r.items()) for r in got]
        return Counter(frozenset(r.items()) for r in exp) == \
            Counter(frozenset(r.items()) for r in got)
    # backtracking with a consistent blank node bijection
    used = [False] * len(got)

    def fits(e, g, m, rm):
        if set(e) != set(g):
            return None
        m2, rm2 = dict(m), dict(rm)
        for k, v in e.items():
            w = g[k]
            if v[0] == "bnode" and w[0] == "bnode":
                if m2.get(v[1], w[1]) != w[1] or rm2.get(w[1], v[1]) != v[1]:
                    return None
                m2[v[1]] = w[1]
                rm2[w[1]] = v[1]
            elif v != w:
                return None
        return m2, rm2

    def go(i, m, rm, steps=[0]):
        steps[0] += 1
        if steps[0] > 200000:
            return False
        if i == len(exp):
            return True
        cands = [i] if ordered else range(len(got))
        for j in cands:
            if used[j]:
                continue
            r = fits(exp[i], got[j], m, rm)
            if r:
                used[j] = True
                if go(i + 1, r[0], r[1]):
                    return True
                used[j] = False
        return False

    return go(0, {}, {})


def compare(exp, got, ordered):
    if "boolean" in exp or "boolean" in got:
        return exp.get("boolean") == got.get("boolean"), "boolean"
    if rows_match(exp["rows"], got["rows"], ordered):
        return True, ""
    return False, "expected %d rows, got %d" % (len(exp["rows"]), len(got["rows"]))


def query_form(text):
    t = re.sub(r"#[^\n]*", "", text)
    t = re.sub(r"(?is)^\s*((BASE|PREFIX)\s+[^<]*<[^>]*>\s*)*", "", t)
    m = re.match(r"\s*(SELECT|ASK|CONSTRUCT|DESCRIBE)", t, re.I)
    return m.group(1).upper() if m else "SELECT"


def run_test(cmd, t):
    qtext = open(t["query"], encoding="utf-8", errors="replace").read()
    if re.search(r"\bSERVICE\b", qtext, re.I):
        return "skip", "SERVICE"
    form = query_form(qtext)
    res = t["result"] or ""
    ext = os.path.splitext(res)[1]
    fmt = {"SELECT": "json", "ASK": "json"}.get(form, "ntriples")
    if t["kind"] == "CSVResultFormatTest" or ext in (".csv", ".tsv"):
        fmt = ext[1:]
    args = cmd + ["--adhoc"]
    for d in t["data"]:
        args += ["--data", d]
    for n in t["named"]:
        args += ["--named", n]
    args += ["--results", fmt, "@" + t["query"]]
    try:
        r = subprocess.run(args, capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return "fail", "timeout"
    if r.returncode != 0:
        return "fail", "exit %d: %s" % (r.returncode,
                                        r.stderr.decode("utf-8", "replace").strip()[:200])
    out = r.stdout.decode("utf-8", "replace")
    ordered = bool(re.search(r"\bORDER\s+BY\b", qtext, re.I))
    try:
        if form in ("CONSTRUCT", "DESCRIBE"):
            exp_rs, eg = parse_rdf_results(res)
            gg = rdflib.Graph()
            gg.parse(data=out, format="nt")
            return ("pass", "") if isomorphic(eg, gg) else ("fail", "graphs differ")
        if fmt == "json":
            got = parse_srj(None, out)
        elif fmt == "tsv":
            got = parse_tsv(out)
        else:
            got = csv_plain(parse_csv(out))
        if ext == ".srx":
            exp = parse_srx(res)
        elif ext == ".srj":
            exp = parse_srj(res)
        elif ext == ".tsv":
            exp = parse_tsv(open(res, encoding="utf-8").read())
        elif ext == ".csv":
            exp = csv_plain(parse_csv(open(res, encoding="utf-8").read()))
        else:
            exp, _ = parse_rdf_results(res)
            if exp is None:
                return "fail", "expected a result set"
    except Exception as e:  # a parse failure of our output is a failure
        return "fail", "unreadable output: %s" % e
    ok, why = compare(exp, got, ordered)
    return ("pass", "") if ok else ("fail", why)


def cli_checks(cmd):
    """The command line contract: (name, ok) pairs."""
    import tempfile
    out = []
    r = subprocess.run(cmd + ["--adhoc", "SELECT * {"], capture_output=True, timeout=30)
    out.append(("syntax error: exit 2 with LINE:COLUMN",
                r.returncode == 2 and re.search(rb"\b1:\d+: ", r.stderr) is not None))
    with tempfile.TemporaryDirectory() as d:
        data = os.path.join(d, "g.nq")
        with open(data, "w") as f:
            f.write("<http://e/a> <http://e/p> <http://e/b> <http://e/g1> .\n"
                    "<http://e/a> <http://e/p> <http://e/b> <http://e/g2> .\n"
                    "<http://e/b> <http://e/p> <http://e/c> .\n")
        exe = cmd[0]
        r = subprocess.run([exe, "load", "--data-dir", os.path.join(d, "dd"), "--bundle",
                            os.path.join(d, "none"), data], capture_output=True, timeout=60)
        q = [exe, "query", "--data-dir", os.path.join(d, "dd"), "--bundle",
             os.path.join(d, "none")]
        r = subprocess.run(q + ["--results", "tsv", "SELECT ?s ?o { ?s <http://e/p> ?o }"],
                           capture_output=True, timeout=60)
        lines = sorted(r.stdout.decode().strip().split("\n")[1:])
        out.append(("data dir: the default graph is the union of all graphs, each triple once",
                    r.returncode == 0 and lines == ["<http://e/a>\t<http://e/b>",
                                                    "<http://e/b>\t<http://e/c>"]))
        r = subprocess.run(q + ["--results", "csv",
                                "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } "
                                "GROUP BY ?g ORDER BY ?g"], capture_output=True, timeout=60)
        out.append(("data dir: GRAPH ?g sees the named graphs only",
                    r.returncode == 0 and
                    r.stdout == b"g,n\r\nhttp://e/g1,1\r\nhttp://e/g2,1\r\n"))
        r = subprocess.run(q + ["--max-rows", "1", "SELECT * { ?s ?p ?o }"],
                           capture_output=True, timeout=60)
        out.append(("--max-rows: exit 1 naming the limit",
                    r.returncode == 1 and b"row limit" in r.stderr))
    return out


def main():
    shared = os.environ.get("FUNDAMENT_SHARED", "")
    root = os.path.join(shared, "w3c", "sparql11")
    if rdflib is None or not os.path.exists(os.path.join(root, "manifest-sparql11-query.ttl")):
        print("# W3C SPARQL 1.1 suite or rdflib not available: command line checks only")
        tests = []
    else:
        tests = load_tests(root)
    only = sys.argv[1:]
    if only:
        tests = [t for t in tests if any(o in t["id"] for o in only)]
    cmd = fundament_cmd()
    checks = cli_checks(cmd)
    print("1..%d" % (len(tests) + len(checks)))
    for i, (name, ok) in enumerate(checks, 1):
        print("%s %d - cli: %s" % ("ok" if ok else "not ok", i, name))
    passed, failed, skipped = 0, [], 0
    for i, t in enumerate(tests, len(checks) + 1):
        label = "%s %s" % (t["id"], t["name"].replace("#", ""))
        if "skip" in t:
            print("ok %d - %s # SKIP %s" % (i, label, t["skip"]))
            skipped += 1
            continue
        status, why = run_test(cmd, t)
        if status == "skip":
            print("ok %d - %s # SKIP %s" % (i, label, why))
            skipped += 1
        elif status == "pass":
            print("ok %d - %s" % (i, label))
            passed += 1
        else:
            print("not ok %d - %s # TODO %s" % (i, label, why.replace("\n", " ")))
            failed.append(t["id"])
        sys.stdout.flush()
    print("# sparql11 query: %d passed, %d failed, %d skipped" % (passed, len(failed), skipped))
    if failed:
        print("# failed: " + " ".join(failed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
